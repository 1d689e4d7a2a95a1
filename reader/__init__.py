"""报读 (reader): a keyboard-driven terminal reader for Chinese regional newspaper pages."""

__version__ = "0.1.0"

"""Where the files shipped with the reader live, in a wheel and in a source checkout alike.

A wheel carries `styles.tcss` and `seeds/` inside the package; a checkout keeps them at the top
level of the repository, next to the package.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
# The page splitter's fitted weights (`scripts/fit_splitter.py` writes them).
SPLITTER_MODEL = DATA_DIR / "splitter.crfsuite"


def _shipped(name: str) -> Path:
    inside = PACKAGE_DIR / name
    return inside if inside.exists() else PACKAGE_DIR.parent / name


def seeds_dir() -> Path:
    """The bundled corpus of sample pages."""
    return _shipped("seeds")


def stylesheet() -> Path:
    """The app's one stylesheet."""
    return _shipped("styles.tcss")

"""The main screen's actions, one module per concern; each is a mixin over `ScreenBase`."""

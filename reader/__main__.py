"""`python -m reader` runs the same command as the `reader` console script."""

from reader.cli import main

raise SystemExit(main())

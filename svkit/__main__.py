"""Allow ``python -m svkit``."""

from svkit.cli import main

raise SystemExit(main())

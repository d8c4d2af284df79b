"""``python -m svkit.migrations draft "what changed"``: draft a new revision (see the package docstring)."""

import sys

from svkit.migrations import draft

if len(sys.argv) == 3 and sys.argv[1] == "draft":
    draft(sys.argv[2])
else:
    print('usage: python -m svkit.migrations draft "what changed"', file=sys.stderr)
    raise SystemExit(2)

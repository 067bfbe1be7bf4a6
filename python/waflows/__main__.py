"""``python -m waflows``: the same command line as ``waflows``."""

import sys

from .cli import main

sys.exit(main())

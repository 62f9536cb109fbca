"""`python -m` entry point and console script: the demonstration of `make run`."""

from __future__ import annotations

import sys

from .demo import main

if __name__ == "__main__":
    sys.exit(main())

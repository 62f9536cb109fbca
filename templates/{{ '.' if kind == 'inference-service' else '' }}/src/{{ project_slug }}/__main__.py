"""`python -m <package>` starts both transports."""

import sys

from .entrypoints.main import main

sys.exit(main())

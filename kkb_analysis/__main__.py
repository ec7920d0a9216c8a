"""Allow ``python -m kkb_analysis``."""

import sys

from kkb_analysis.cli import main

sys.exit(main())

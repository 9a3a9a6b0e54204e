"""`python -m cchc_analysis` is the `cchc` command."""

import sys

from cchc_analysis.cli import main

sys.exit(main())

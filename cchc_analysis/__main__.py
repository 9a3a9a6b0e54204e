"""`python -m cchc_analysis` is the `cchc` command."""
import sys

from .cli import main

sys.exit(main())

"""`python -m components.cli`: the `case-timeline` command."""

import sys

from components.cli.parser import main

sys.exit(main())

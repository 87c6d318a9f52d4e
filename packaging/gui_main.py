"""Entry point of the bundle's windowed executable (`caseworker`)."""

import sys

from caseworker.cli.main import main

sys.exit(main())

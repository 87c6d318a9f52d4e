import sys

from caseworker.cli.main import main

sys.exit(main())

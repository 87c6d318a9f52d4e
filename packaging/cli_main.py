"""Entry point of the bundle's console executable (`caseworker-cli`): the same
commands, with a console so that output and prompts work on Windows too."""

import sys

from caseworker.cli.main import main

sys.exit(main())

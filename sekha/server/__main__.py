"""``python -m sekha.server`` is ``sekha serve``."""

import sys

from sekha.cli import main

sys.exit(main(["serve", *sys.argv[1:]]))

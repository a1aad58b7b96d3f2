"""``python -m sekha`` runs the ``sekha`` command."""

from sekha.cli import main

raise SystemExit(main())

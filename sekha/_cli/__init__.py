"""The ``sekha`` command's subcommands; ``sekha/cli.py`` builds the parser and runs them."""

"""The asynchronous implementation, written once; ``sekha/_sync`` is derived from it."""

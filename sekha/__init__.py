"""sekha: the Python SDK for the Sekha AI memory controller."""

__version__ = "0.1.0"

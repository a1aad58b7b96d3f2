"""The local Sekha controller: the whole HTTP contract served from one SQLite file.

Installed with the ``local`` extra (``pip install "sekha-memory[local]"``; from a clone,
``pip install -e ".[local]"``) and imported lazily: ``import sekha`` never loads this package.
Entry points: ``sekha serve`` (:mod:`sekha.cli`) and :class:`sekha.server.embedded.EmbeddedServer`.
"""

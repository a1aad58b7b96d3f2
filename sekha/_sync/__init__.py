"""Derived from sekha/_async/__init__.py by scripts/unasync.py: edit that file, then rerun the script."""

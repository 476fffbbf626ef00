"""Maintainer tools, not shipped with the library: the data generator and the lock refresher.

Run them from the repository root: ``python -m tools.generate_data`` (``make data``),
``python3 tools/lock.py`` (``make lock``).
"""

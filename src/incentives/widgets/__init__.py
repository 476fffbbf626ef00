"""Interactive labs: each a class that owns its controls and its charts.

Show a lab with one call in a notebook (``FirstLab()`` as the cell's last line) and drive
it from Python through its ``settings`` dict, which is how exercises and tests use it.
"""

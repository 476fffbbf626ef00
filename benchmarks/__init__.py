"""Speed measurements behind `make bench`; each prints a table."""

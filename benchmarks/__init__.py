"""Speed measurements: `python -m benchmarks [NAME ...]` (`make bench`) prints each one's
tables and writes them to docs/performance.md."""

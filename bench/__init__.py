"""The benchmark: synthetic corpora from one gemeente to all 342, and how check and build scale on them.

Run with `make bench` (`python -m bench`); never part of `make test`.
"""

"""The walkthrough notebooks (run by nbmake in the test suite; see conftest.py).

This file only makes ``notebooks/`` a package, so that pytest imports ``notebooks/conftest.py``
as ``notebooks.conftest``: under ``--doctest-modules`` two top-level ``conftest`` modules
(this one and ``tests/conftest.py``) would clash.
"""

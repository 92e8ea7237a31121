"""``python -m diplograph``: the ``diplograph`` command.

``diplograph`` is a namespace package (its code lives in ``graph/`` and ``loaders/``, mapped in
pyproject.toml); this folder holds only this module, so it has no ``__init__.py``.
"""

import sys

from diplograph.graph.cli import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m diplograph"))

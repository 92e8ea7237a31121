"""Every notebook, run by nbmake, must show at least one picture and one table.

nbmake (``pytest --nbmake``, on by default in pyproject.toml) executes each notebook top to
bottom. To check what the executed notebook shows without running it a second time, this
plugin swaps nbmake's runner for a subclass that inspects the executed cells and turns a
notebook without a PNG picture or an HTML table into an ordinary nbmake failure. nbmake is
pinned in the dev extras; if its runner moves, the check fails loudly instead of passing.
"""

from __future__ import annotations

import pytest

#: Output MIME types that count as a picture and as a table.
PICTURE = "image/png"
TABLE_TAG = "<table"

_ORIGINAL = pytest.StashKey[type]()  # nbmake's own runner, put back at the end


def shown(nb) -> tuple[int, int]:
    """How many PNG pictures and HTML tables the executed notebook ``nb`` displays."""
    pictures = tables = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = out.get("data", {})
            pictures += PICTURE in data
            tables += TABLE_TAG in "".join(data.get("text/html", ""))
    return pictures, tables


def pytest_configure(config):
    if not config.getoption("nbmake", default=False):
        return
    try:
        from nbmake import pytest_items
        from nbmake.nb_result import NotebookError, NotebookResult
        from nbmake.nb_run import NotebookRun
    except ImportError as err:  # pragma: no cover - nbmake is in the dev extras
        raise pytest.UsageError(f"notebooks/conftest.py: cannot reach nbmake's runner: {err}") from None

    class CheckedNotebookRun(NotebookRun):
        def execute(self) -> NotebookResult:
            res = super().execute()
            if res.error is not None:
                return res
            pictures, tables = shown(res.nb)
            if pictures and tables:
                return res
            missing = " and ".join(what for what, n in (("a picture (image/png)", pictures),
                                                        ("a table (HTML <table>)", tables)) if not n)
            summary = f"{self.filename.name} ran but shows no {missing}"
            return NotebookResult(res.nb, NotebookError(summary=summary, trace=summary,
                                                        failing_cell_index=len(res.nb.cells) - 1))

    if getattr(pytest_items, "NotebookRun", None) is not NotebookRun:
        raise pytest.UsageError("notebooks/conftest.py: nbmake no longer runs notebooks through "
                                "nbmake.pytest_items.NotebookRun; update the picture/table check")
    config.stash[_ORIGINAL] = pytest_items.NotebookRun
    pytest_items.NotebookRun = CheckedNotebookRun


def pytest_unconfigure(config):
    original = config.stash.get(_ORIGINAL, None)
    if original is not None:
        from nbmake import pytest_items

        pytest_items.NotebookRun = original


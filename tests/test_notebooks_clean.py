"""The notebooks are committed without outputs and without execution counts.

Outputs make diffs unreadable and go stale as the code changes; nbmake executes the
notebooks in CI anyway. To clean a notebook before committing: in Jupyter, Edit > Clear
Outputs of All Cells and save; or ``jupyter nbconvert --clear-output --inplace notebooks/*.ipynb``.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_the_four_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == ["01-walkthrough.ipynb", "02-sparql-cookbook.ipynb",
                                           "03-alliances.ipynb", "04-event-data.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.outputs:
            dirty.append(f"cell {index} has {len(cell.outputs)} output(s)")
        if cell.execution_count is not None:
            dirty.append(f"cell {index} has execution count {cell.execution_count}")
    assert not dirty, (f"{path.name} was committed with outputs ({'; '.join(dirty)}); clear them "
                       f"(Jupyter: Edit > Clear Outputs of All Cells, then save; or "
                       f"`jupyter nbconvert --clear-output --inplace {path.parent.name}/{path.name}`)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_on_the_default_python_kernel(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"

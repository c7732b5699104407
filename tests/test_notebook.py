"""docs/cookbook.ipynb runs, cell by cell, in a real Jupyter kernel; any error in a cell fails the test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat", reason="the cookbook test needs nbclient: pip install -e '.[test]'")
nbclient = pytest.importorskip("nbclient", reason="the cookbook test needs nbclient: pip install -e '.[test]'")
pytest.importorskip("ipykernel", reason="the cookbook test needs a Jupyter kernel: pip install -e '.[test]'")
pytest.importorskip("matplotlib", reason="the cookbook draws a chart: pip install -e '.[test]'")
pytest.importorskip("pandas", reason="the cookbook uses pandas: pip install -e '.[test]'")

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "cookbook.ipynb"


def _read() -> Any:
    return nbformat.read(NOTEBOOK, as_version=4)


def test_the_committed_notebook_is_valid_and_holds_no_outputs() -> None:
    notebook = _read()
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code), "clear the outputs"


def test_the_notebook_runs_in_a_kernel(tmp_path: Path) -> None:
    notebook = _read()
    client = nbclient.NotebookClient(
        notebook,
        timeout=180,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(tmp_path)}},  # the kernel's working directory
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails

    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    kinds = {kind for o in outputs for kind in o.get("data", {})}
    assert {"text/html", "image/png"} <= kinds  # a table shown as HTML, the chart as a picture
    html = "".join(o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {}))
    assert '<div class="gfs-cn-table">' in html
    assert "2,311.07" in html
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "<Rollup functional (total): 4 类, 6 款, 14 项; total 23110700.00 yuan>" in printed
    assert "narrative.figures" in printed

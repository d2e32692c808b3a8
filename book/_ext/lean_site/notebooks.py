"""Notebooks: the downloadable .ipynb of each page the same on every build."""

import json
from pathlib import Path


def stable_cell_ids(notebook: Path):
    """Make a downloadable notebook reproducible: nbformat gives cells random ids (number them
    instead), and the kernel may split one printout into several chunks (join them)."""
    data = json.loads(notebook.read_text(encoding="utf-8"))
    for index, cell in enumerate(data.get("cells", [])):
        if "id" in cell:
            cell["id"] = f"cell-{index}"
        merged = []
        for output in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if (previous and output.get("output_type") == "stream" == previous.get("output_type")
                    and output.get("name") == previous.get("name")):
                text = "".join(previous["text"]) + "".join(output["text"])
                previous["text"] = text.splitlines(keepends=True)
            else:
                merged.append(output)
        if "outputs" in cell:
            cell["outputs"] = merged
    notebook.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

"""book/_ext/lean_site/notebooks.py: the downloadable notebooks the same on every build."""

import json

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

import explorer_pages

notebooks = explorer_pages.lean_site().notebooks


def stream(text, name="stdout"):
    return new_output("stream", name=name, text=text)


def notebook(tmp_path, *cells):
    """An .ipynb as nbformat writes it: each cell with a random id."""
    path = tmp_path / "page.ipynb"
    nbformat.write(new_notebook(cells=list(cells)), path)
    return path


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_random_cell_ids_become_their_positions(tmp_path):
    path = notebook(tmp_path, new_markdown_cell("# Title"), new_code_cell("x = 1"),
                    new_code_cell("x"))
    assert len({c["id"] for c in cells(path)} - {"cell-0", "cell-1", "cell-2"}) == 3
    notebooks.stable_cell_ids(path)
    assert [c["id"] for c in cells(path)] == ["cell-0", "cell-1", "cell-2"]
    nbformat.validate(nbformat.read(path, as_version=4))  # still a valid notebook


def test_a_printout_in_chunks_becomes_one_output(tmp_path):
    chunks = ["sqrt(x)  0.35\nx**(2/", "3)  0.53", "\n", "1/x  -0.13\n"]
    path = notebook(tmp_path, new_code_cell("f()", outputs=[stream(c) for c in chunks]))
    notebooks.stable_cell_ids(path)
    (output,) = cells(path)[0]["outputs"]
    assert output["name"] == "stdout" and "".join(output["text"]) == "".join(chunks)


def test_different_streams_and_other_outputs_are_not_merged(tmp_path):
    outputs = [stream("a\n"), stream("b\n", "stderr"), stream("c\n"),
               new_output("execute_result", data={"text/plain": "1"}, execution_count=1),
               stream("d\n"), stream("e\n")]
    path = notebook(tmp_path, new_code_cell("f()", outputs=outputs, execution_count=1))
    notebooks.stable_cell_ids(path)
    kept = cells(path)[0]["outputs"]
    assert [(o["output_type"], o.get("name"), "".join(o.get("text", ""))) for o in kept] == [
        ("stream", "stdout", "a\n"), ("stream", "stderr", "b\n"), ("stream", "stdout", "c\n"),
        ("execute_result", None, ""), ("stream", "stdout", "d\ne\n")]
    nbformat.validate(nbformat.read(path, as_version=4))


def test_two_runs_give_the_same_bytes(tmp_path):
    path = notebook(tmp_path, new_markdown_cell("Ünïcode — text"),
                    new_code_cell("print()", outputs=[stream("a"), stream("b\n")]))
    notebooks.stable_cell_ids(path)
    once = path.read_bytes()
    notebooks.stable_cell_ids(path)
    assert path.read_bytes() == once
    assert "Ünïcode — text" in once.decode("utf-8")  # written as text, not \u escapes


def test_the_same_notebook_built_twice_gives_the_same_bytes(tmp_path):
    built = []
    for name in ("first", "second"):  # nbformat gives each build's cells new random ids
        (tmp_path / name).mkdir()
        path = notebook(tmp_path / name, new_code_cell("x", outputs=[stream("1\n")]))
        notebooks.stable_cell_ids(path)
        built.append(path.read_bytes())
    assert built[0] == built[1]


def test_a_notebook_without_ids_gets_none(tmp_path):
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["Text"]}]}))
    notebooks.stable_cell_ids(path)
    assert "id" not in cells(path)[0]

"""book/_ext/exact_streams.py: a cell's printout does not depend on how the kernel chunked it."""

import importlib.util
import json
from pathlib import Path

import pytest
from nbformat import NotebookNode

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("exact_streams", ROOT / "book/_ext/exact_streams.py")
exact = importlib.util.module_from_spec(spec)
spec.loader.exec_module(exact)

TEXT = "sqrt(x)  0.35\nx**(2/3)  0.53\n1/x  -0.13\n"


def chunked(text, cuts, name="stdout"):
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    return [NotebookNode(output_type="stream", name=name, text=p) for p in pieces]


# the same printout, chunked as a kernel might: whole, print's text and newline apart, mid-line
CHUNKINGS = [[], [13], [13, 14], [5, 13, 14, 30], list(range(1, len(TEXT)))]


@pytest.mark.parametrize("cuts", CHUNKINGS)
def test_every_chunking_gives_the_same_printout(cuts):
    outputs = chunked(TEXT, cuts)
    rendered = exact.coalesce_streams(outputs)
    assert [o["text"] for o in rendered] == [TEXT]


@pytest.mark.parametrize("cuts", CHUNKINGS)
def test_the_notebook_keeps_one_exact_merge_and_a_second_call_changes_nothing(cuts):
    outputs = chunked(TEXT, cuts)
    first = json.dumps(exact.coalesce_streams(outputs))
    saved = json.dumps(outputs)
    assert [o["text"] for o in outputs] == [TEXT]       # what the saved notebook holds
    assert json.dumps(exact.coalesce_streams(outputs)) == first
    assert json.dumps(outputs) == saved


def test_myst_nb_alone_depends_on_the_chunking():
    # the defect this extension exists for: a chunk that starts with a newline
    whole = exact.myst_coalesce_streams(chunked(TEXT, []))
    split = exact.myst_coalesce_streams(chunked(TEXT, [13]))
    assert whole[0]["text"] != split[0]["text"]


def test_other_outputs_keep_their_place_and_streams_their_names():
    figure = NotebookNode(output_type="display_data", data={"text/plain": "<Figure>"}, metadata={})
    outputs = [*chunked("a\n", [1]), figure, *chunked("warn\n", [2], name="stderr"),
               *chunked("b\n", [])]
    rendered = exact.coalesce_streams(outputs)
    assert [(o["output_type"], o.get("name"), o.get("text")) for o in rendered] == [
        ("stream", "stdout", "a\nb\n"), ("display_data", None, None), ("stream", "stderr", "warn\n")]

"""Each cell's printout is merged exactly as the kernel sent it, so two builds give the same page.

A kernel sends a cell's printed text in chunks whose boundaries depend on timing (``print``
may send its text and its newline apart). myst-nb's ``nb_merge_streams`` joins the chunks with
``myst_nb.core.utils.coalesce_streams``, which strips each chunk's trailing white space and adds
a newline: a chunk boundary inside a line then becomes a line break, so the same cell can print
differently in two builds. It also merges in place into the notebook's first chunk while keeping
the others, so a second call (and the notebook saved beside the page) repeats the text.

This replaces the function myst-nb's renderer calls with one that first concatenates each
stream's chunks exactly, in order, in the executed notebook itself (so the saved notebook is
merged once and for all, and a second call changes nothing), and then applies myst-nb's own
clean-up (carriage returns, backspaces, stderr after stdout) to a copy.
"""

import myst_nb.core.render as render
from myst_nb.core.utils import coalesce_streams as myst_coalesce_streams
from nbformat import NotebookNode


def exact_streams(outputs: list) -> list:
    """The outputs with each stream's chunks joined exactly, in order, at its first place."""
    merged, streams = [], {}
    for output in outputs:
        if output.get("output_type") == "stream":
            text = output["text"] if isinstance(output["text"], str) else "".join(output["text"])
            if output["name"] in streams:
                streams[output["name"]]["text"] += text
                continue
            output = NotebookNode({**output, "text": text})
            streams[output["name"]] = output
        merged.append(output)
    return merged


def coalesce_streams(outputs: list) -> list:
    outputs[:] = exact_streams(outputs)  # the executed notebook keeps the exact merge
    copies = [NotebookNode(dict(o)) if o.get("output_type") == "stream" else o for o in outputs]
    return myst_coalesce_streams(copies)


def setup(app):
    render.coalesce_streams = coalesce_streams
    return {"parallel_read_safe": True, "parallel_write_safe": True}

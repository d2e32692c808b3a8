"""Numbers in alt texts come from the computation, as they do in prose and captions.

myst-nb's ``{glue:text}`key:fmt``` role pastes a value that a cell glued into prose and
figure captions, but an image's alt text (``mystnb: image: alt:`` cell metadata) is a plain
string that roles never reach. This extension gives alt texts the same syntax: after a page
is read, every ``{glue:text}`key``` or ``{glue:text}`key:fmt``` inside an image's alt text is
replaced by the value the page glued under ``key``, formatted exactly as the role formats it
(``myst_nb.core.variables.format_plain_text``). A key the page did not glue, or a value that
cannot take the format, is a build warning at the image (so ``-W`` fails the build, naming the
page), and the placeholder is left visible rather than guessed.
"""

import json
import re
from pathlib import Path

from docutils import nodes
from myst_nb.core.variables import format_plain_text
from myst_nb.sphinx_ import NbMetadataCollector
from myst_nb.sphinx_ext import OUTPUT_FOLDER
from sphinx.util import logging

logger = logging.getLogger(__name__)

PLACEHOLDER = re.compile(r"\{glue:text\}`([^`]+)`")


def page_glue(app, docname: str) -> dict:
    """The values this page glued in this build, by key (only keys myst-nb recorded)."""
    keys = NbMetadataCollector.get_doc_data(app.env)[docname].get("glue", [])
    if not keys:
        return {}
    path = Path(app.outdir).parent / OUTPUT_FOLDER / f"{docname}.glue.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {key: data[key] for key in keys if key in data}


def fill(text: str, glue: dict, warn) -> str:
    """`text` with every placeholder replaced by its formatted glued value."""

    def one(match):
        key, fmt = match.group(1).rsplit(":", 1) if ":" in match.group(1) else (match.group(1), "s")
        if key not in glue or "text/plain" not in glue[key].get("data", {}):
            warn(f"alt text quotes {{glue:text}}`{match.group(1)}`, but this page glued no "
                 f"text value named {key!r}")
            return match.group(0)
        try:
            return format_plain_text(glue[key]["data"]["text/plain"], fmt)
        except Exception as exc:  # the same failures the glue role reports
            warn(f"alt text cannot format glued value {key!r} with {fmt!r}: {exc}")
            return match.group(0)

    return PLACEHOLDER.sub(one, text)


def fill_alt_texts(app, doctree):
    images = [node for node in doctree.findall(nodes.image)
              if PLACEHOLDER.search(node.get("alt", ""))]
    if not images:
        return
    glue = page_glue(app, app.env.docname)
    for node in images:
        node["alt"] = fill(node["alt"], glue,
                           lambda msg, node=node: logger.warning(msg, location=node))


def setup(app):
    app.connect("doctree-read", fill_alt_texts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

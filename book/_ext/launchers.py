"""Every lesson page runnable by its reader: in Colab, on Binder, or downloaded.

After the build (``build-finished``, after ``lean_site``), every page of the table of contents
whose source is a MyST markdown notebook is converted by jupytext into a notebook that runs on
its own, written to ``_notebooks/<page>.ipynb``:

* first a markdown cell that says what the notebook is and links to the page, then a code cell
  that installs the book's library, ``mlcalc`` at this book's version, with ``%pip`` when it
  (or SciPy, on a page that imports it: the ``notebooks`` extra) is missing, as in Colab;
  where it is installed, as on Binder, the cell does nothing;
* ``from myst_nb import glue`` becomes a stand-in that shows a value instead of storing it for
  the page's text (a reader's Colab has no myst_nb), and every ``{glue:text}`key:fmt``` in the
  text is replaced by the value the build glued, so the notebook reads as the page does;
* no outputs, and cells numbered ``cell-0``, ``cell-1``, ...: two builds give the same bytes.

The same file replaces ``_sources/<page>.ipynb``, which the theme's download button serves.
The theme's launch buttons (rewritten at ``html-page-context``, after it builds them) open these
notebooks on the ``notebooks`` branch, which the deploy workflow replaces with the contents of
``_notebooks/`` (``.github/workflows/deploy.yml``): Colab at
``colab.research.google.com/github/<org>/<repo>/blob/notebooks/<page>.ipynb``, Binder at that
branch, whose ``binder/`` (the repository's, with ``mlcalc`` pinned to this version) installs
mlcalc, so that all three doors start the same way.
"""

import ast
import importlib.metadata
import json
import re
import shutil
import sys
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import jupytext
import nbformat
from myst_nb.core.variables import format_plain_text
from sphinx.util import logging

from glue_alt import PLACEHOLDER, page_glue

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
BRANCH = "notebooks"          # the branch the deploy workflow writes _notebooks/ to
FOLDER = "_notebooks"         # in the built site
EXTRA = "notebooks"           # mlcalc's extra for what pages import beyond its dependencies
GLUE_IMPORT = re.compile(r"^from myst_nb import glue[ \t]*$", re.MULTILINE)
GLUE_STANDIN = '''\
import IPython.display


def glue(name, value, display=True):
    """In the book, myst_nb's glue pastes `value` into the page's text; here it is only shown."""
    if display:
        IPython.display.display(value)'''


def version() -> str:
    """mlcalc.__version__, read from the source without importing it (or, in a copy of the book
    without the library's source, from the installed mlcalc)."""
    source = ROOT / "src" / "mlcalc" / "__init__.py"
    if not source.exists():
        return importlib.metadata.version("mlcalc")
    for node in ast.parse(source.read_text(encoding="utf-8")).body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and getattr(node.targets[0], "id", None) == "__version__"):
            return ast.literal_eval(node.value)
    raise RuntimeError(f"{source} sets no __version__")


def extra_modules() -> list[str]:
    """The modules of mlcalc's ``notebooks`` extra (what pages import beyond its dependencies):
    from pyproject.toml, or from the installed mlcalc's metadata in a copy without it."""
    pyproject = ROOT / "pyproject.toml"
    if pyproject.exists():
        project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
        names = project.get("optional-dependencies", {}).get(EXTRA, [])
    else:
        names = [req for req in importlib.metadata.requires("mlcalc") or []
                 if re.search(rf"""extra\s*==\s*["']{EXTRA}["']""", req)]
    return [re.match(r"[A-Za-z0-9_.-]+", name).group(0).lower().replace("-", "_")
            for name in names]


def is_runnable(app, docname: str) -> bool:
    """A page of the toc whose source is a MyST markdown notebook (a kernelspec, a .md)."""
    return (docname in app.env.found_docs and "kernelspec" in app.env.metadata.get(docname, {})
            and str(app.env.doc2path(docname)).endswith(".md"))


def _repository(app):
    url = app.config.html_theme_options.get("repository_url", "")
    parts = urlsplit(url)
    if parts.netloc != "github.com" or len(parts.path.strip("/").split("/")) != 2:
        return None
    return parts.path.strip("/")


def launch_links(app, docname: str) -> dict:
    """Colab's and Binder's address for the page's notebook on the notebooks branch."""
    repo = _repository(app)
    options = app.config.html_theme_options.get("launch_buttons", {})
    if repo is None:
        return {}
    links = {}
    if options.get("colab_url"):
        links["Colab"] = (f"{options['colab_url'].rstrip('/')}/github/{repo}/blob/{BRANCH}/"
                          f"{docname}.ipynb")
    if options.get("binderhub_url"):
        ui = {"classic": "tree", "jupyterlab": "lab/tree"}[options.get("notebook_interface",
                                                                       "classic")]
        links["Binder"] = (f"{options['binderhub_url'].rstrip('/')}/v2/gh/{repo}/{BRANCH}"
                           f"?urlpath={ui}/{docname}.ipynb")
    return links


def point_launch_buttons(app, pagename, templatename, context, doctree):
    """The theme's Colab and Binder buttons open the page's .md on main, which Colab cannot
    open and Binder cannot run: point them at the runnable notebook on the notebooks branch."""
    if not is_runnable(app, pagename):
        return
    links = launch_links(app, pagename)
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            if button.get("text") in links:
                button["url"] = links[button["text"]]


def imported_modules(source: str) -> set[str]:
    """Top-level modules that a cell imports (magics and shell lines left out)."""
    code = "\n".join(line for line in source.splitlines()
                     if not line.lstrip().startswith(("%", "!")))
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def install_cell(needed: list[str], package: str) -> str:
    check = (f"importlib.util.find_spec({json.dumps(needed[0])}) is None" if len(needed) == 1
             else f"any(importlib.util.find_spec(name) is None for name in {json.dumps(needed)})")
    return ("# The book's library: installed with pip where it is missing (Colab, a fresh Python);\n"
            "# where it is installed (Binder, your own environment), this cell does nothing.\n"
            "import importlib.util\n\n"
            f"if {check}:\n"
            f'    %pip install --quiet "{package}"')


def fill_glue(text: str, glue: dict) -> str:
    """Each {glue:text}`key:fmt` replaced by the value the build glued, as the page shows it;
    a key the page did not glue stays as it is (the page's own build reports it)."""

    def one(match):
        key, fmt = (match.group(1).rsplit(":", 1) if ":" in match.group(1)
                    else (match.group(1), ""))
        try:
            return format_plain_text(glue[key]["data"]["text/plain"], fmt)
        except Exception:
            return match.group(0)

    return PLACEHOLDER.sub(one, text)


def runnable_notebook(app, docname: str, pinned: str) -> nbformat.NotebookNode:
    """The page as a notebook that runs on its own (see the module's docstring)."""
    nb = jupytext.read(app.env.doc2path(docname), fmt="md:myst")
    glue = page_glue(app, docname)
    imported = set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            imported |= imported_modules(cell.source)
            if "myst_nb" in imported_modules(cell.source):
                cell.source = GLUE_IMPORT.sub(GLUE_STANDIN, cell.source)
                if "myst_nb" in imported_modules(cell.source):
                    logger.warning("launchers: %s imports from myst_nb more than `glue`, which "
                                   "a reader's notebook cannot: use `from myst_nb import glue` "
                                   "only", docname, location=docname)
            cell.outputs, cell.execution_count = [], None
        else:
            cell.source = fill_glue(cell.source, glue)
    extras = [name for name in extra_modules() if name in imported]
    package = f"mlcalc[{EXTRA}]=={pinned}" if extras else f"mlcalc=={pinned}"
    base = app.config.html_baseurl.rstrip("/")
    title = app.env.titles[docname].astext() if docname in app.env.titles else docname
    intro = (f"*This notebook is the page [{title}]({base}/{docname}.html) of "
             f"[{app.config.html_title}]({base}/), made to run on its own: in Colab, on Binder or "
             f"on your machine. The first code cell installs the book's library, `mlcalc` "
             f"{pinned}, when it is missing. Equations, figures and cross-references show in "
             f"full on the page.*")
    nb.cells[:0] = [nbformat.v4.new_markdown_cell(intro),
                    nbformat.v4.new_code_cell(install_cell(["mlcalc", *extras], package))]
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index}"
    nb.metadata = {"kernelspec": dict(nb.metadata.get("kernelspec", {})),
                   "language_info": {"name": "python"}}
    nb.nbformat, nb.nbformat_minor = 4, 5
    nbformat.validate(nb)
    return nb


def write_binder(out: Path, pinned: str):
    """The repository's binder/ beside the notebooks, with mlcalc pinned to the book's version:
    the notebooks branch is what Binder builds its environment from."""
    source, target = ROOT / "binder", out / FOLDER / "binder"
    if not source.is_dir():  # a copy of the book alone (tests/test_faults.py); test_notebooks
        logger.info("launchers: no binder/ folder beside the book")  # fails the real one
        return
    shutil.copytree(source, target)
    requirements = target / "requirements.txt"
    lines = requirements.read_text(encoding="utf-8").splitlines()
    pinned_lines = [re.sub(r"^(mlcalc(\[[^\]]*\])?)\s*$", rf"\1=={pinned}", line) for line in lines]
    if pinned_lines == lines:
        logger.warning("launchers: binder/requirements.txt has no unpinned `mlcalc` line to pin "
                       "to %s", pinned)
    requirements.write_text("\n".join(pinned_lines) + "\n", encoding="utf-8")


README = """\
# The book's notebooks

Written by the deploy workflow from a build of `main` (`book/_ext/launchers.py` makes them):
every lesson page of *{project}* as a notebook that runs on its own. Do not edit this branch;
edit the pages on `main`. The book: {base}/
"""


def write_notebooks(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    pinned = version()
    shutil.rmtree(out / FOLDER, ignore_errors=True)
    docnames = sorted(doc for doc in app.env.found_docs if is_runnable(app, doc))
    for docname in docnames:
        text = nbformat.writes(runnable_notebook(app, docname, pinned)) + "\n"
        for path in (out / FOLDER / f"{docname}.ipynb", out / "_sources" / f"{docname}.ipynb"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    write_binder(out, pinned)
    (out / FOLDER / "README.md").write_text(
        README.format(project=app.config.html_title, base=app.config.html_baseurl.rstrip("/")),
        encoding="utf-8")
    logger.info("launchers: %d runnable notebooks in %s/", len(docnames), FOLDER)


def setup(app):
    app.connect("html-page-context", point_launch_buttons, priority=600)  # after the theme's 501
    app.connect("build-finished", write_notebooks, priority=950)  # after lean_site's (900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Faults injected into a throwaway copy of the book must fail the test command, naming the file.

Each test copies the real configuration (_config.yml, book/_ext, book/_static) and one small
page with a fault into a temporary directory and builds it the way `make test` does.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
FRONT_MATTER = """---
jupytext:
  text_representation: {extension: .md, format_name: myst, format_version: 0.13}
kernelspec: {display_name: Python 3, language: python, name: python3}
---

# A page with a fault

"""


def build(tmp_path, body):
    shutil.copy(ROOT / "_config.yml", tmp_path)
    shutil.copytree(ROOT / "book" / "_ext", tmp_path / "book" / "_ext")
    shutil.copytree(ROOT / "book" / "_static", tmp_path / "book" / "_static")
    shutil.copy(ROOT / "book" / "references.bib", tmp_path / "book")  # bibtex_bibfiles
    (tmp_path / "book" / "faulty-page.md").write_text(FRONT_MATTER + body)
    # a second page, so that the book has a table of contents as the real one does: the theme
    # cannot draw the 404 page's navigation (sphinx-notfound-page) in a book of one page
    (tmp_path / "book" / "next-page.md").write_text("# The next page\n\nText.\n")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/faulty-page\n"
                                       "chapters:\n  - file: book/next-page\n")
    env = dict(os.environ, MLCALC_FORCE_EXECUTE="1")
    run = subprocess.run([str(JUPYTER_BOOK), "build", ".", "-W", "-n", "--keep-going"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    return run.returncode, run.stdout + run.stderr


def test_the_clean_page_builds(tmp_path):
    code, log = build(tmp_path, "Nothing wrong here.\n\n```{code-cell} ipython3\n1 + 1\n```\n")
    assert code == 0, log
    # a clean build's log is quiet: the kernel gets CurveZMQ keys (book/_ext/kernel_encryption.py)
    assert "Executing notebook" in log and "without encryption" not in log, log


def test_a_cell_that_raises(tmp_path):
    code, log = build(tmp_path, "```{code-cell} ipython3\nraise ValueError('injected')\n```\n")
    assert code != 0
    assert "faulty-page" in log and "injected" in log


def test_a_broken_cross_reference(tmp_path):
    code, log = build(tmp_path, "See {ref}`no-such-label` and {eq}`no-such-equation`.\n")
    assert code != 0
    assert "faulty-page.md" in log and "no-such-label" in log


def test_a_figure_without_alt_text(tmp_path):
    cell = ("```{code-cell} ipython3\n---\nmystnb:\n  figure:\n    name: fig-no-alt\n"
            "    caption: A figure with a caption but no alt text.\n---\n"
            "import matplotlib.pyplot as plt\nplt.plot([0, 1]);\n```\n")
    code, log = build(tmp_path, cell)
    assert code != 0
    assert "faulty-page" in log and "has no alt text" in log


def test_a_failing_doctest(tmp_path):
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    module = tmp_path / "src" / "mlcalc" / "symbolic.py"
    text = module.read_text()
    assert "    3*x**2 + 2\n" in text
    module.write_text(text.replace("    3*x**2 + 2\n", "    3*x**2 + 3\n", 1))
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "src/mlcalc"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert run.returncode != 0
    assert "src/mlcalc/symbolic.py" in run.stdout and "exact_derivative" in run.stdout


GLUED_FIGURE = """```{{code-cell}} ipython3
---
mystnb:
  figure:
    name: fig-glued
    caption: The peak is at {{glue:text}}`peak:.2f`.
  image:
    alt: A line rising to its peak at {alt}.
---
import matplotlib.pyplot as plt
from myst_nb import glue
glue("peak", 2.0 / 3.0, display=False)
plt.plot([0, 2 / 3, 1], [0, 1, 0]);
```

The prose quotes the peak too: {prose}.
"""


def test_glued_numbers_reach_prose_captions_and_alt_texts(tmp_path):
    body = GLUED_FIGURE.format(alt="{glue:text}`peak:.3f`", prose="{glue:text}`peak:.1f`")
    code, log = build(tmp_path, body)
    assert code == 0, log
    page = (tmp_path / "_build" / "html" / "book" / "faulty-page.html").read_text()
    assert 'alt="A line rising to its peak at 0.667."' in page
    assert "The peak is at" in page and ">0.67<" in page and ">0.7<" in page


@pytest.mark.parametrize("where", ["alt", "prose"])
def test_a_number_glued_under_no_key(tmp_path, where):
    good = {"alt": "{glue:text}`peak:.3f`", "prose": "{glue:text}`peak:.1f`"}
    good[where] = "{glue:text}`no-such-value:.2f`"
    code, log = build(tmp_path, GLUED_FIGURE.format(**good))
    assert code != 0
    assert "faulty-page" in log and "no-such-value" in log

"""The three doors of every lesson page, and the package behind them.

Over the built site (``book/_ext/launchers.py`` makes the notebooks): every page's Colab and
Binder links have a form their targets accept and open a notebook the build produced, which the
deploy workflow publishes on the ``notebooks`` branch with its ``binder/``; the download link
serves the same runnable notebook.

In a fresh virtual environment: ``python -m build`` gives a wheel and an sdist that hold only
the package; the wheel installed with its declared dependencies passes the doctests from the
installed copy; then, with mlcalc removed again (what a Colab user has: the dependencies, no
mlcalc), a notebook's own first cell installs it from the wheel; and every notebook executes top
to bottom in that environment's kernel, from an empty folder, with no network and nothing of the
source tree on its path.
"""

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup
from test_site import toc_files

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]
#: The built site, as in test_site.py; its project (the repository, or a private copy made by
#: tools/build_pages.sh) gives the table of contents and the pages' sources.
HTML = Path(os.environ.get("MLCALC_HTML", ROOT / "_build" / "html"))
PROJECT = HTML.parents[1] if (HTML.parents[1] / "_toc.yml").exists() else ROOT
NOTEBOOKS = HTML / "_notebooks"
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPO = CONFIG["repository"]["url"].removeprefix("https://github.com/")
VERSION = next(ast.literal_eval(node.value) for node in ast.parse(
    (ROOT / "src" / "mlcalc" / "__init__.py").read_text()).body
    if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__version__")
COLAB = re.compile(rf"https://colab\.research\.google\.com/github/{re.escape(REPO)}"
                   r"/blob/notebooks/(?P<path>[\w./-]+\.ipynb)")
BINDER = re.compile(rf"https://mybinder\.org/v2/gh/{re.escape(REPO)}"
                    r"/notebooks\?urlpath=lab/tree/(?P<path>[\w./-]+\.ipynb)")
INSTALL = re.compile(r'^if (importlib\.util\.find_spec\("mlcalc"\) is None|any\(importlib\.util'
                     r'\.find_spec\(name\) is None for name in \["mlcalc"(, "\w+")+\]\)):\n'
                     r'    %pip install --quiet "mlcalc(?P<extra>\[notebooks\])?==(?P<v>[\w.]+)"$',
                     re.MULTILINE)


def is_notebook_page(page: str) -> bool:
    """A MyST markdown notebook: front matter with a kernelspec."""
    text = (PROJECT / f"{page}.md").read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return False
    return "kernelspec" in (yaml.safe_load(text.split("\n---\n", 1)[0][4:]) or {})


PAGES = toc_files(PROJECT)
RUNNABLE = [page for page in PAGES if is_notebook_page(page)]
PLAIN = [page for page in PAGES if page not in RUNNABLE]


@pytest.fixture(scope="module", autouse=True)
def built_site():
    if not (HTML / "search.html").exists():
        pytest.fail("no built site in _build/html: run `make book-strict` (or `make test`) first")


def soup(page):
    return BeautifulSoup((HTML / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def launch_links(page) -> dict[str, list[str]]:
    links = {}
    for a in soup(page).select(".dropdown-launch-buttons a"):
        links.setdefault(a.get_text(strip=True), []).append(a["href"])
    return links


def read_notebook(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    nbformat.validate(nb)
    return nb


def code_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


# -- the links, over the built site ----------------------------------------------------------

def test_every_notebook_page_has_a_notebook_and_nothing_else_does():
    assert RUNNABLE, "no MyST notebook pages in the table of contents"
    built = sorted(str(p.relative_to(NOTEBOOKS).with_suffix(""))
                   for p in NOTEBOOKS.rglob("*.ipynb"))
    assert built == sorted(RUNNABLE)


@pytest.mark.parametrize("page", RUNNABLE)
def test_colab_and_binder_open_the_pages_notebook_on_the_notebooks_branch(page):
    links = launch_links(page)
    assert sorted(links) == ["Binder", "Colab"], links
    for name, pattern in [("Colab", COLAB), ("Binder", BINDER)]:
        [url] = links[name]
        match = pattern.fullmatch(url)
        assert match, f"{name} link {url!r} is not of the form {pattern.pattern}"
        assert match["path"] == f"{page}.ipynb", url
        assert (NOTEBOOKS / match["path"]).is_file(), f"the build made no {match['path']}"


@pytest.mark.parametrize("page", PLAIN)
def test_pages_without_code_offer_no_launcher(page):
    assert launch_links(page) == {}


def test_every_launcher_on_the_site_has_an_accepted_form():
    """Any Colab or Binder address anywhere in the site (not only in the launch menu)."""
    for path in sorted(HTML.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for url in re.findall(r'href="(https://(?:colab\.research\.google\.com|mybinder\.org)'
                              r'[^"]*)"', text):
            assert COLAB.fullmatch(url) or BINDER.fullmatch(url), f"{path}: {url}"


def test_binder_builds_mlcalc_at_the_books_version():
    """What mybinder.org reads on the notebooks branch: binder/ beside the notebooks."""
    requirements = (NOTEBOOKS / "binder" / "requirements.txt").read_text().splitlines()
    assert f"mlcalc[notebooks]=={VERSION}" in requirements
    assert any(line.startswith("jupytext") for line in requirements)
    source = (ROOT / "binder" / "requirements.txt").read_text().splitlines()
    assert "mlcalc[notebooks]" in source  # the build pins it; Binder on main takes the release
    runtime = (NOTEBOOKS / "binder" / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.(\d+)", runtime) and int(runtime.split(".")[1]) >= 11


@pytest.mark.parametrize("page", RUNNABLE)
def test_download_serves_the_runnable_notebook(page):
    doc = soup(page)
    [link] = doc.select("a.btn-download-notebook-button")
    served = (HTML / page).parent / link["href"]
    assert served.resolve().is_file(), link["href"]
    assert served.read_bytes() == (NOTEBOOKS / f"{page}.ipynb").read_bytes()
    for a in doc.select(".dropdown-download-buttons a"):
        assert ((HTML / page).parent / a["href"]).resolve().is_file(), a["href"]


@pytest.mark.parametrize("page", RUNNABLE)
def test_notebook_starts_with_the_install_cell_and_has_no_outputs(page):
    nb = read_notebook(NOTEBOOKS / f"{page}.ipynb")
    intro, install = nb.cells[:2]
    assert intro.cell_type == "markdown" and CONFIG["sphinx"]["config"]["html_baseurl"] in intro.source
    assert install.cell_type == "code" and code_cells(nb)[0] is install
    match = INSTALL.search(install.source)
    assert match and match["v"] == VERSION, install.source
    text = "\n".join(cell.source for cell in code_cells(nb)[1:])
    uses_scipy = re.search(r"^\s*(import|from) scipy\b", text, re.MULTILINE) is not None
    assert bool(match["extra"]) == uses_scipy == ('"scipy"' in install.source)
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code_cells(nb))
    assert not re.search(r"^\s*(from|import) myst_nb", text, re.MULTILINE), \
        "a reader's notebook cannot import myst_nb"
    assert re.search(r"^def glue\(", text, re.MULTILINE) or "glue(" not in text
    prose = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    assert "{glue:text}" not in prose, "a glued value was not pasted into the notebook's text"
    assert [cell.id for cell in nb.cells] == [f"cell-{i}" for i in range(len(nb.cells))]


# -- the package, in a fresh virtual environment ----------------------------------------------

def run(cmd, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(map(str, cmd))} failed ({result.returncode}):\n"
                    f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


def clean_env(**extra) -> dict:
    """This process's environment without anything that points into the source tree."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "MPLBACKEND")}
    return {**env, **extra}


#: Runs a notebook in the environment's kernel (this script runs with the venv's python), with a
#: last cell added that prints where mlcalc was imported from.
RUNNER = """\
import json, sys, time
import nbformat
from nbclient import NotebookClient

path, cwd = sys.argv[1], sys.argv[2]
nb = nbformat.read(path, as_version=4)
nb.cells.append(nbformat.v4.new_code_cell(
    "import sys, mlcalc\\nprint(sys.prefix)\\nprint(mlcalc.__file__)\\nprint(mlcalc.__version__)"))
start = time.perf_counter()
NotebookClient(nb, timeout=600, kernel_name="python3",
               resources={"metadata": {"path": cwd}}).execute()
outputs = [[o.get("text", "") if o.output_type == "stream" else o.output_type
            for o in cell.get("outputs", [])] for cell in nb.cells]
print(json.dumps({"seconds": time.perf_counter() - start, "outputs": outputs}))
"""


@pytest.fixture(scope="session")
def dist(tmp_path_factory):
    """`python -m build`: the sdist, then the wheel built from it, as the release does."""
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", out, ROOT], env=clean_env())
    [wheel], [sdist] = out.glob("*.whl"), out.glob("*.tar.gz")
    return SimpleNamespace(dir=out, wheel=wheel, sdist=sdist)


@pytest.fixture(scope="session")
def reader(dist, tmp_path_factory):
    """A fresh venv: the wheel with its declared dependencies, pytest, the kernel and nbclient.
    The doctests run from that installed copy; then mlcalc (only) is removed, and the first cell
    of a notebook that uses the `notebooks` extra installs it again from the wheel, with pip
    allowed no index: what a Colab reader's first cell does."""
    base = tmp_path_factory.mktemp("reader")
    venv, work = base / "venv", base / "work"
    work.mkdir()
    run([sys.executable, "-m", "venv", venv])
    python = venv / "bin" / "python"
    env = clean_env(IPYTHONDIR=str(base / "ipython"), JUPYTER_DATA_DIR=str(base / "jupyter"),
                    JUPYTER_CONFIG_DIR=str(base / "jupyter-config"))
    pip = [python, "-m", "pip", "install", "--quiet", "-c", ROOT / "requirements/constraints.txt"]
    run([*pip, dist.wheel, "pytest", "ipykernel", "nbclient"], env=env)
    doctests = subprocess.run(
        [python, "-m", "pytest", "--doctest-modules", "--pyargs", "mlcalc", "-p", "no:cacheprovider",
         "-o", "doctest_optionflags=NORMALIZE_WHITESPACE NUMBER", "-q"],
        capture_output=True, text=True, cwd=work, env={**env, "MPLBACKEND": "Agg"})
    run([*pip, f"{dist.wheel}[notebooks]"], env=env)
    run([python, "-m", "pip", "uninstall", "--quiet", "--yes", "mlcalc"], env=env)
    missing = run([python, "-c", "import importlib.util as u; print(u.find_spec('mlcalc'))"],
                  cwd=work, env=env).stdout.strip()
    offline = {**env, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(dist.dir),
               "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
               "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}
    page = next((page for page in RUNNABLE if "[notebooks]" in read_notebook(
        NOTEBOOKS / f"{page}.ipynb").cells[1].source), RUNNABLE[0])
    nb = read_notebook(NOTEBOOKS / f"{page}.ipynb")
    nb.cells = nb.cells[:2]  # the intro and the install cell
    first = base / "first-cell.ipynb"
    nbformat.write(nb, first)
    (base / "runner.py").write_text(RUNNER)
    installed = run([python, base / "runner.py", first, work], cwd=work, env=offline)
    return SimpleNamespace(python=python, venv=venv, base=base, env=offline, doctests=doctests,
                           missing=missing, page=page,
                           installed=json.loads(installed.stdout.splitlines()[-1]))


def test_wheel_holds_the_package_and_its_data_only(dist):
    names = zipfile.ZipFile(dist.wheel).namelist()
    info = f"mlcalc-{VERSION}.dist-info/"
    assert dist.wheel.name == f"mlcalc-{VERSION}-py3-none-any.whl"
    assert all(name.startswith(("mlcalc/", info)) for name in names), \
        [name for name in names if not name.startswith(("mlcalc/", info))]
    source = ROOT / "src"
    wanted = {path.relative_to(source).as_posix() for path in (source / "mlcalc").rglob("*")
              if path.suffix == ".py" or path.parent.name in ("data", "nist")
              or path.name == "SOURCES.md"}
    shipped = {name for name in names if name.startswith("mlcalc/")}
    assert shipped == wanted, {"missing": wanted - shipped, "stray": shipped - wanted}
    assert any(name.endswith(".csv") for name in shipped) and "mlcalc/datasets/SOURCES.md" in shipped
    assert info + "licenses/LICENSE" in names  # the MIT licence travels with the package
    metadata = zipfile.ZipFile(dist.wheel).read(info + "METADATA").decode()
    assert f"\nVersion: {VERSION}\n" in metadata
    assert "Requires-Dist: numpy" in metadata and 'extra == "notebooks"' in metadata


def test_sdist_holds_the_package_and_what_builds_it_only(dist):
    top = f"mlcalc-{VERSION}"
    files = [member.name for member in tarfile.open(dist.sdist) if member.isfile()]
    assert all(name.startswith(top + "/") for name in files)
    files = [name.removeprefix(top + "/") for name in files]
    build = {"PKG-INFO", "README.md", "pyproject.toml", "setup.cfg", "MANIFEST.in", "LICENSE"}
    assert "LICENSE" in files
    stray = [name for name in files if name not in build
             and not name.startswith(("src/mlcalc/", "src/mlcalc.egg-info/"))]
    assert not stray, stray
    wheel = {name for name in zipfile.ZipFile(dist.wheel).namelist() if name.startswith("mlcalc/")}
    assert {name.removeprefix("src/") for name in files if name.startswith("src/mlcalc/")} == wheel


def test_doctests_pass_from_the_installed_wheel(reader):
    out = reader.doctests.stdout + reader.doctests.stderr
    assert reader.doctests.returncode == 0, out[-4000:]
    passed = re.search(r"(\d+) passed", out)
    assert passed and int(passed.group(1)) >= 10, out[-2000:]
    assert "failed" not in out and "skipped" not in out, out[-2000:]


def test_install_cell_installs_mlcalc_where_it_is_missing(reader):
    assert reader.missing == "None", "mlcalc was still installed before the first cell ran"
    assert reader.installed["outputs"][1], f"{reader.page}'s first cell installed nothing"
    prefix, module, version = reader.installed["outputs"][-1][0].split()
    assert Path(prefix) == reader.venv
    assert Path(module).is_relative_to(reader.venv) and version == VERSION


@pytest.mark.parametrize("page", RUNNABLE)
def test_notebook_runs_top_to_bottom_in_a_fresh_environment(page, reader, tmp_path):
    """From an empty folder (no file beside the page to read), no network (pip has no index;
    proxies go nowhere), mlcalc from the venv's site-packages, not from the source tree."""
    notebook = tmp_path / Path(page).with_suffix(".ipynb").name
    shutil.copy(NOTEBOOKS / f"{page}.ipynb", notebook)
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run([reader.python, reader.base / "runner.py", notebook, work],
                            capture_output=True, text=True, cwd=work, env=reader.env)
    assert result.returncode == 0, f"{page}:\n{result.stderr[-6000:]}"
    ran = json.loads(result.stdout.splitlines()[-1])
    assert ran["outputs"][1] == [], "the install cell ran, though mlcalc is installed"
    prefix, module, version = ran["outputs"][-1][0].split()
    assert Path(prefix) == reader.venv and Path(module).is_relative_to(reader.venv)
    assert version == VERSION

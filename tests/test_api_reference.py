"""The API reference (book/api): every public mlcalc name has an entry, generated from its
docstring with the examples shown, and the lessons link the functions their code calls.

The names expected come from the package itself (``mlcalc.__all__`` and each module's
``__all__``), the entries from the built site's ``objects.inv`` and pages."""

import importlib
import inspect
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from sphinx.util.inventory import InventoryFile

import mlcalc
from test_site import HTML, PAGES, ROOT

pytestmark = pytest.mark.site

MODULES = ["derivatives", "symbolic", "multivariate", "chain", "nn", "approximation",
           "optimisation", "regression", "datasets", "plot", "sandpit", "widgets"]
#: Modules whose names stay in the module (not re-exported by mlcalc/__init__.py).
SUBMODULE_ONLY = ["datasets", "plot", "sandpit", "widgets", "approximation"]
LESSONS = [p for p in PAGES if not p.startswith(("book/api/", "book/back/"))]


def is_api(obj) -> bool:
    return inspect.isfunction(obj) or inspect.isclass(obj)


def expected_names() -> set[str]:
    """Every public function and class, by the name a reader uses."""
    names = {f"mlcalc.{n}" for n in mlcalc.__all__ if is_api(getattr(mlcalc, n))}
    for mod in SUBMODULE_ONLY:
        module = importlib.import_module(f"mlcalc.{mod}")
        for n in module.__all__:
            obj = getattr(module, n)
            if is_api(obj) and getattr(mlcalc, n, None) is not obj:
                names.add(f"mlcalc.{mod}.{n}")
    return names


@pytest.fixture(scope="module")
def inventory() -> dict:
    with open(HTML / "objects.inv", "rb") as stream:
        inv = InventoryFile.load(stream, "", lambda base, uri: uri)
    return {name: entry[2] for kind, items in inv.items() if kind.startswith("py:")
            for name, entry in items.items()}


def soup(relpath: str) -> BeautifulSoup:
    return BeautifulSoup((HTML / relpath).read_text(encoding="utf-8"), "html.parser")


def test_the_expected_names_are_many_and_include_the_chapters_tools():
    names = expected_names()
    assert {"mlcalc.jacobian", "mlcalc.least_squares", "mlcalc.Network", "mlcalc.RootResult",
            "mlcalc.datasets.galton_heights", "mlcalc.plot.tangent",
            "mlcalc.widgets.scrubber", "mlcalc.sandpit.fixed"} <= names
    assert len(names) > 80


def test_every_module_has_its_page_in_the_table_of_contents():
    for mod in MODULES:
        assert f"book/api/{mod}" in PAGES
        assert (ROOT / "book" / "api" / f"{mod}.md").exists()


def test_every_public_name_has_an_api_entry(inventory):
    missing = sorted(expected_names() - set(inventory))
    assert not missing, f"no API entry for {missing}"


def test_every_module_is_an_entry_on_its_own_page(inventory):
    for mod in MODULES:
        assert inventory.get(f"mlcalc.{mod}", "").startswith(f"book/api/{mod}.html"), mod


def test_every_api_entry_points_at_a_page_and_an_anchor_that_exist(inventory):
    pages: dict[str, BeautifulSoup] = {}
    for name, uri in inventory.items():
        if not name.startswith("mlcalc"):
            continue
        path, _, anchor = uri.partition("#")
        assert (HTML / path).exists(), f"{name}: {path} is not built"
        assert path.startswith("book/api/"), f"{name} is documented outside the API pages: {path}"
        page = pages.setdefault(path, soup(path))
        assert page.find(id=anchor), f"{name}: no #{anchor} in {path}"


def entry(name: str, inventory) -> BeautifulSoup:
    """The rendered entry (the <dl> whose <dt> is the name's anchor)."""
    path, _, anchor = inventory[name].partition("#")
    dt = soup(path).find(id=anchor)
    assert dt is not None and dt.name == "dt", name
    return dt.parent


def test_the_derivatives_entry_shows_its_doctest(inventory):
    text = entry("mlcalc.derivative", inventory).get_text()
    assert ">>>" in text and "Parameters" in text and "Returns" in text


def test_every_docstring_example_is_shown_on_its_entry(inventory):
    """Where a function's docstring has doctest examples, its rendered entry shows each prompt."""
    for name in sorted(expected_names()):
        obj = importlib.import_module("mlcalc")
        for part in name.split(".")[1:]:
            obj = getattr(obj, part)
        doc = inspect.getdoc(obj) or ""
        # Sphinx hides doctest flags (trim_doctest_flags), so compare without them
        prompts = [re.sub(r"\s*#\s*doctest:.*", "", line.strip()[4:])
                   for line in doc.splitlines() if line.strip().startswith(">>> ")]
        if not prompts:
            continue
        shown = " ".join(entry(name, inventory).get_text().split())
        for prompt in prompts:
            assert " ".join(prompt.split()) in shown, f"{name}: example {prompt!r} not shown"


def called_in_lesson_code() -> dict[str, set[str]]:
    """mlcalc functions that the lessons' shown code calls as ``mlcalc.NAME(``, by page."""
    calls: dict[str, set[str]] = {}
    for page in LESSONS:
        doc = soup(f"{page}.html")
        for cell in doc.select("div.cell_input"):
            for m in re.finditer(r"\bmlcalc((?:\.\w+)+)\(", cell.get_text()):
                calls.setdefault("mlcalc" + m.group(1), set()).add(page)
    return calls


def linked_from_lessons() -> set[str]:
    """API anchors that lesson pages link to (href into book/api/...#anchor)."""
    anchors = set()
    for page in LESSONS:
        base = f"https://site/{page}.html"
        for a in soup(f"{page}.html").select("main a[href]"):
            url = urlparse(urljoin(base, a["href"]))
            if url.netloc == "site" and url.path.startswith("/book/api/") and url.fragment:
                anchors.add(url.fragment)
    return anchors


def test_lessons_call_mlcalc_functions_in_their_shown_code():
    calls = called_in_lesson_code()
    assert {"mlcalc.derivative", "mlcalc.jacobian", "mlcalc.least_squares"} <= set(calls)


def test_every_function_the_lessons_call_is_linked_from_a_lesson(inventory):
    linked = linked_from_lessons()
    unlinked = {}
    for name, pages in called_in_lesson_code().items():
        if name not in inventory:
            continue  # a method or attribute reached through a module (checked above)
        anchor = inventory[name].partition("#")[2]
        if anchor not in linked:
            unlinked[name] = sorted(pages)[0]
    assert not unlinked, f"called in a lesson's code but never linked from a lesson: {unlinked}"

"""Checks on the built site (_build/html), run by `make test` after the strict book build."""

import json
import re
from pathlib import Path

import pytest
import snowballstemmer
import yaml
from bs4 import BeautifulSoup

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for entry in entries:
            files.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc["parts"]:
        walk(part["chapters"])
    return files


PAGES = toc_files()
CHAPTER_1 = [p for p in PAGES if p.startswith("book/01-")]


@pytest.fixture(scope="module", autouse=True)
def built_site():
    if not (HTML / "search.html").exists():
        pytest.fail("no built site in _build/html: run `make book-strict` (or `make test`) first")


def soup(page):
    return BeautifulSoup((HTML / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("page", PAGES)
def test_every_toc_page_is_built_with_a_title(page):
    assert soup(page).find("h1") is not None


@pytest.mark.parametrize("page", PAGES)
def test_every_image_has_alt_text_and_every_figure_a_caption(page):
    doc = soup(page)
    for img in doc.select("main img"):
        assert img.get("alt", "").strip(), f"{page}: image {img.get('src')} has no alt text"
    for fig in doc.select("main figure"):
        assert fig.find("figcaption"), f"{page}: a figure has no caption"


@pytest.mark.parametrize("page", PAGES)
def test_no_cell_printed_to_stderr_or_raised(page):
    doc = soup(page)
    assert not doc.select(".output.stderr"), f"{page}: a cell wrote to stderr"
    assert not doc.select(".output.traceback"), f"{page}: a cell raised"


def test_chapter_1_has_the_figures_exercises_and_boxes_the_issue_asks_for():
    figures = exercises = solutions = boxes = equations = 0
    for page in CHAPTER_1:
        doc = soup(page)
        figures += len(doc.select("main figure img"))
        exercises += len(doc.select("div.exercise"))
        solutions += len(doc.select("div.solution"))
        boxes += len(doc.select("div.proof"))
        equations += len(doc.select("span.eqno"))
    assert figures >= 8
    assert exercises >= 8 and solutions >= exercises
    assert boxes >= 5
    assert equations >= 5


def test_every_stated_rule_is_checked_against_sympy():
    sources = [ROOT / f"{p}.md" for p in CHAPTER_1]
    checks = sum(s.read_text().count("check_derivative(") for s in sources)
    assert checks >= 20


def search(query):
    """Pages that Sphinx's search would list for every word of `query`."""
    text = (HTML / "searchindex.js").read_text()
    index = json.loads(text[text.index("(") + 1: text.rindex(")")])
    stem = snowballstemmer.stemmer("english").stemWord
    found = None
    for word in re.findall(r"\w+", query.lower()):
        hits = set()
        for table in ("terms", "titleterms"):
            docs = index[table].get(stem(word), [])
            hits |= {docs} if isinstance(docs, int) else set(docs)
        found = hits if found is None else found & hits
    return {index["docnames"][i] for i in found}


def test_search_page_and_index_exist():
    assert "searchindex.js" in (HTML / "search.html").read_text()


@pytest.mark.parametrize("query,page", [
    ("derivative", "book/01-what-is-calculus/definition"),
    ("chain rule", "book/01-what-is-calculus/chain-rule"),
    ("product rule", "book/01-what-is-calculus/product-rule"),
    ("beast", "book/01-what-is-calculus/taming-the-beast"),
])
def test_search_finds_the_right_pages(query, page):
    assert page in search(query)


@pytest.mark.parametrize("page", PAGES + ["search"])
def test_every_icon_is_inline_svg(page):
    # the icon font is not shipped: an icon left as <i class="fa-..."> would be invisible
    doc = soup(page)
    left = [t.name for t in doc.find_all(class_=re.compile(r"^fa-|^fa$|^fas$|^fab$"))]
    assert left == [], f"{page}: icons not replaced by SVG: {left}"
    assert doc.select("button.primary-toggle svg.svg-inline--fa")

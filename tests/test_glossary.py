"""The glossary (book/back/glossary.html): its terms are sorted and defined once, each is in
Sphinx's index, and the first lesson page in reading order whose text uses a term links to it.
Also the notation page's "Introduced" links, which need the built site to check their anchors.

A page's *text* here is what a reader reads in the article: without code cells (inputs and
outputs), headings, formulas, the tables of contents of chapter pages, and the text of links
other than links to the glossary (a page title in a cross-reference is not a use of a term).
"""

import re
from urllib.parse import urldefrag, urljoin

import pytest
from bs4 import BeautifulSoup

from test_site import HTML, PAGES, ROOT

pytestmark = pytest.mark.site

GLOSSARY = "book/back/glossary"
LESSONS = [p for p in PAGES if not p.startswith(("book/back/", "book/api/"))]


def page_soup(page: str) -> BeautifulSoup:
    return BeautifulSoup((HTML / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def glossary_terms() -> dict[str, str]:
    """Every term of the glossary, with its anchor."""
    dl = page_soup(GLOSSARY).select_one("main dl.glossary")
    assert dl is not None, "no glossary on the glossary page"
    return {dt.get_text(" ", strip=True).rstrip("¶#").strip(): dt["id"] for dt in dl.find_all("dt")}


def source_terms() -> list[str]:
    """The terms as book/back/glossary.md writes them (a line of its glossary block that is
    not indented): the tests' parameters, known before the site is built."""
    text = (ROOT / f"{GLOSSARY}.md").read_text(encoding="utf-8")
    block = re.search(r"```\{glossary\}\n(.*?)\n```", text, re.S).group(1)
    return [line.strip() for line in block.splitlines() if line.strip() and not line[0].isspace()]


NAMES = source_terms()


@pytest.fixture(scope="module")
def terms() -> dict[str, str]:
    return glossary_terms()


def test_the_built_glossary_has_the_terms_of_its_source(terms):
    assert list(terms) == NAMES


def glossary_links(page: str, soup: BeautifulSoup) -> set[str]:
    """The anchors of the glossary that a page's article links to."""
    anchors = set()
    for a in soup.select("main article a[href]"):
        target, fragment = urldefrag(urljoin(f"{page}.html", a["href"]))
        if target == f"{GLOSSARY}.html" and fragment.startswith("term-"):
            anchors.add(fragment)
    return anchors


def reader_text(page: str, soup: BeautifulSoup) -> str:
    article = soup.select_one("main article")
    for node in article.select("div.cell, h1, h2, h3, h4, h5, h6, math, .toctree-wrapper, "
                               "a.headerlink"):
        node.decompose()
    for a in article.select("a[href]"):
        target = urldefrag(urljoin(f"{page}.html", a["href"]))[0]
        if target != f"{GLOSSARY}.html":
            a.decompose()
    return " ".join(article.get_text(" ").split())


def uses(term: str, text: str) -> bool:
    words = [re.escape(w) for w in re.split(r"[- ]", term)]
    return re.search(r"(?<![\w-])" + r"[- ]".join(words) + r"(?:s|es)?(?![\w-])", text,
                     re.I) is not None


@pytest.fixture(scope="module")
def lessons():
    """(page, text, glossary anchors linked) of every lesson page, in reading order."""
    out = []
    for page in LESSONS:
        soup = page_soup(page)
        links = glossary_links(page, soup)
        out.append((page, reader_text(page, soup), links))
    return out


def test_the_glossary_has_the_terms_the_issue_names(terms):
    for term in ("Derivative", "Limit", "Partial derivative", "Total derivative", "Jacobian",
                 "Hessian", "Gradient", "Directional derivative", "Chain rule", "Neuron",
                 "Activation function", "Backpropagation", "Cost function", "Taylor series",
                 "Maclaurin series", "Linearisation", "Power series", "Newton-Raphson",
                 "Gradient descent", "Step size", "Local minimum", "Saddle point",
                 "Lagrange multiplier", "Constraint", "Residual", "Chi-squared", "Least squares",
                 "Gauss-Newton", "Levenberg-Marquardt", "Aggression", "Sandpit",
                 "Learning rate"):
        assert term in terms, f"the glossary lacks {term}"


def test_no_term_is_defined_twice(terms):
    dts = page_soup(GLOSSARY).select("main dl.glossary dt")
    names = [dt.get_text(" ", strip=True).rstrip("¶#").strip().lower() for dt in dts]
    assert len(names) == len(set(names)) == len(terms)


def test_terms_are_in_alphabetical_order(terms):
    names = list(terms)
    assert names == sorted(names, key=str.casefold)


@pytest.mark.parametrize("term", NAMES)
def test_term_is_linked_from_the_first_lesson_page_that_uses_it(term, lessons, terms):
    first = next(((page, links) for page, text, links in lessons if uses(term, text)), None)
    assert first is not None, f"no lesson uses {term!r}"
    page, links = first
    assert terms[term] in links, f"{page} is the first page to use {term!r} but does not link it"


@pytest.fixture(scope="module")
def index_entries():
    """Each entry of genindex.html, by its name, with the pages (and anchors) it links to."""
    entries = {}
    for a in page_soup("genindex").select("table.indextable li > a:first-child"):
        item = a.parent
        links = [urldefrag(link["href"]) for link in item.find_all("a", recursive=False)]
        entries[a.get_text(" ", strip=True).lower()] = [(t.removesuffix(".html"), f)
                                                        for t, f in links]
    return entries


@pytest.mark.parametrize("term", NAMES)
def test_term_is_in_the_index_with_its_glossary_entry_and_its_definition(term, index_entries,
                                                                           terms):
    assert term.lower() in index_entries, f"{term!r} is not in genindex.html"
    links = index_entries[term.lower()]
    assert (GLOSSARY, terms[term]) in links, f"{term!r}: the index does not link the glossary"
    lessons = [(page, anchor) for page, anchor in links if page in LESSONS]
    assert lessons, f"{term!r}: the index links no lesson where the term is defined"
    for page, anchor in lessons:
        assert page_soup(page).find(id=anchor) is not None, f"{term!r}: {page}#{anchor} missing"


def test_every_glossary_link_in_the_book_reaches_a_term(terms):
    anchors = set(terms.values())
    for page in PAGES:
        links = glossary_links(page, page_soup(page))
        assert links <= anchors, f"{page} links to missing terms {links - anchors}"


def notation_rows():
    table_rows = page_soup("book/back/notation").select("main article table tbody tr")
    return [row for row in table_rows if len(row.find_all("td")) == 3]


def test_notation_page_is_built_with_its_tables():
    assert len(notation_rows()) > 80


def test_every_introduced_link_reaches_a_page_and_an_anchor_that_exist():
    page = "book/back/notation"
    for row in notation_rows():
        cell = row.find_all("td")[2]
        links = cell.select("a[href]")
        assert links, f"a row introduced nowhere: {row.get_text(' ', strip=True)[:60]}"
        for a in links:
            target, fragment = urldefrag(urljoin(f"{page}.html", a["href"]))
            assert target.removesuffix(".html") in PAGES, f"{a['href']} is not a page of the book"
            if fragment:
                soup = page_soup(target.removesuffix(".html"))
                assert soup.find(id=fragment) is not None, f"{a['href']}: no such anchor"

"""The bibliography (book/back/bibliography.md, from book/references.bib with
sphinxcontrib-bibtex): every work is there, every work is cited, every citation leads to it."""

import re
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_file

from test_site import HTML, PAGES, ROOT

pytestmark = pytest.mark.site

BIB = parse_file(str(ROOT / "book" / "references.bib")).entries
PAGE = "book/back/bibliography"


def plain(text: str) -> str:
    """Lower case letters and digits only: BibTeX braces, quotes and case changes ignored."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def soup(page: str) -> BeautifulSoup:
    return BeautifulSoup((HTML / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def entries() -> dict[str, str]:
    """The bibliography page's entries: anchor id -> plain text of the entry."""
    doc = soup(PAGE)
    found = {}
    for label in doc.select("main .citation > dt[id], main div.citation[id], main dt.label[id]"):
        found[label["id"]] = plain(label.find_next("dd").get_text() if label.name == "dt"
                                   else label.get_text())
    return found


def citation_links() -> list[tuple[str, str]]:
    """Every link in the site's text into the bibliography page, as (page, anchor): not the
    heading's permalink, nor a link to the page's heading (a {ref} or {doc}), nor an entry's
    link back to where it is cited."""
    sections = {s["id"] for s in soup(PAGE).select("main section[id]")}
    links = []
    for page in PAGES:
        base = f"https://site/{page}.html"
        for a in soup(page).select('main a[href]:not(.headerlink):not([role="doc-backlink"])'):
            url = urlparse(urljoin(base, a["href"]))
            if (url.netloc == "site" and url.path == f"/{PAGE}.html" and url.fragment
                    and url.fragment not in sections):
                links.append((page, url.fragment))
    return links


def test_the_works_the_issue_names_are_in_the_bib_file():
    def has(author, year):
        return any(e.fields.get("year") == year
                   and any(author in str(p) for p in e.persons.get("author", []))
                   for e in BIB.values())
    assert has("Deisenroth", "2020") and has("Galton", "1886") and has("Bates", "1988")
    assert has("Watts", "1988") and has("Press", "2007")
    assert any("strd" in plain(e.fields["title"]) and "nist.gov" in e.fields.get("url", "")
               for e in BIB.values())


def test_every_bib_entry_is_on_the_bibliography_page():
    shown = list(entries().values())
    assert len(shown) == len(BIB), "the page shows a different number of works than the .bib"
    for key, entry in BIB.items():
        title = plain(entry.fields["title"])
        assert any(title in text for text in shown), f"{key} is not on the bibliography page"


def test_every_citation_link_resolves_to_an_entry():
    on_page = entries()
    links = citation_links()
    assert links
    for page, anchor in links:
        assert anchor in on_page, f"{page}: citation #{anchor} is not a bibliography entry"


def test_every_bib_entry_is_cited():
    on_page = entries()
    cited = {on_page[anchor] for page, anchor in citation_links() if anchor in on_page}
    for key, entry in BIB.items():
        title = plain(entry.fields["title"])
        assert any(title in text for text in cited), f"{key} is never cited"


def test_lessons_cite_the_mml_book_and_galton():
    cited = {(page, anchor) for page, anchor in citation_links()}
    pages = {page for page, _ in cited}
    assert "book/06-regression/linear-regression" in pages
    assert sum(p.startswith("book/0") for p in pages) >= 10

"""The built site's sitemap.xml, robots.txt, 404 page, root page and meta and social tags are at
least as complete as before issue 14 moved them to kept Sphinx extensions (sphinx-sitemap,
sphinxext-opengraph, sphinx-notfound-page): tests/site_files_baseline.json records what the
site had then."""

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup

from test_site import HTML, PAGES, ROOT

pytestmark = pytest.mark.site

BASELINE = json.loads((Path(__file__).with_name("site_files_baseline.json")).read_text("utf-8"))
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"]
BASE = CONFIG["html_baseurl"]
PREFIX = urlparse(BASE).path
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def head_tags(page: str) -> dict[str, list[str]]:
    """Every <meta name|property> and <link rel=canonical|icon> in the page's head, by name."""
    head = BeautifulSoup((HTML / page).read_text(encoding="utf-8"), "html.parser").head
    tags: dict[str, list[str]] = {}
    for meta in head.find_all("meta"):
        key = meta.get("name") or meta.get("property")
        if key:
            tags.setdefault(key, []).append(meta.get("content", ""))
    for link in head.find_all("link"):
        for rel in link.get("rel", []):
            if rel in ("canonical", "icon"):
                tags.setdefault(f"link:{rel}", []).append(link.get("href", ""))
    return tags


def test_sitemap_lists_every_page_of_the_baseline_and_the_table_of_contents_once():
    urls = [loc.text for loc in ElementTree.parse(HTML / "sitemap.xml").iter(f"{SITEMAP}loc")]
    assert len(urls) == len(set(urls))
    assert set(BASELINE["sitemap.xml"]) <= set(urls)
    assert {BASE + page + ".html" for page in PAGES} == set(urls)


def test_robots_txt_is_unchanged():
    assert (HTML / "robots.txt").read_text() == BASELINE["robots.txt"]


@pytest.mark.parametrize("page", sorted(BASELINE["pages"]))
def test_page_keeps_every_meta_and_social_tag_once(page):
    tags = head_tags(page)
    for key, value in BASELINE["pages"][page].items():
        assert key in tags, f"{page}: lost {key}"
        assert len(tags[key]) == 1, f"{page}: {key} appears {len(tags[key])} times"
        assert tags[key][0].strip(), f"{page}: {key} is empty"
        if value is not None:
            assert tags[key][0] == value, f"{page}: {key} changed"
    assert len(tags["viewport"]) == 1, f"{page}: {len(tags['viewport'])} viewport tags"


@pytest.mark.parametrize("page", sorted(BASELINE["pages"]))
def test_description_is_the_same_text_for_search_and_social_sites(page):
    tags = head_tags(page)
    assert tags["description"] == tags["og:description"]
    assert len(tags["description"][0]) <= 160


def test_not_found_page_works_at_any_depth():
    """Every address on it is absolute (or a fragment), under the published path."""
    html = (HTML / "404.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert BASELINE["404.html"]["title"].split(" | ")[0] in soup.title.text
    tags = head_tags("404.html")
    assert set(BASELINE["404.html"]["tags"]) <= set(tags)
    for attr in ("href", "src", "action", "data-src"):
        for node in soup.find_all(attrs={attr: True}):
            value = node[attr]
            assert value.startswith((PREFIX, "#", "https://", "data:")), f"404.html: {attr}={value}"
    home = soup.find("a", string=re.compile("Go to the start"))
    assert urljoin(BASE, home["href"]) == BASELINE["404.html"]["home"]
    assert soup.find("form", attrs={"action": PREFIX + "search.html"}) is not None
    assert soup.select_one("nav.bd-docs-nav a[href$='book/closing.html']") is not None


def test_root_page_still_redirects_with_a_title_and_description():
    soup = BeautifulSoup((HTML / "index.html").read_text(encoding="utf-8"), "html.parser")
    refresh = soup.find("meta", attrs={"http-equiv": "Refresh"})
    assert refresh["content"].endswith("url=" + BASELINE["index.html"]["redirect"])
    assert set(BASELINE["index.html"]["tags"]) <= set(head_tags("index.html"))
    assert soup.title.text.strip()

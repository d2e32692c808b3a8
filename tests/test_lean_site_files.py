"""book/_ext/lean_site/site_files.py: descriptions, the kept extensions' settings, the sitemap's
missing pages, the 404 page's addresses, robots.txt and the root page."""

import logging
import queue
from types import SimpleNamespace
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from docutils.utils import new_document
from hypothesis import given
from hypothesis import strategies as st
from sphinxext import opengraph

import explorer_pages

site_files = explorer_pages.lean_site().site_files
LOGGER = "sphinx.lean_site.site_files"
BOOK = "An executable textbook of calculus & machine learning."
LONG = ("The derivative of a function measures how fast its value changes as its input changes, "
        "and it is the tool behind every training loop in this book, from linear regression to "
        "the backpropagation of a neural network.")


class TestShorten:
    def test_short_text_is_unchanged(self):
        assert site_files.shorten("A short sentence.", 17) == "A short sentence."

    def test_long_text_is_cut_at_a_word_with_an_ellipsis(self):
        out = site_files.shorten(LONG)
        assert len(out) <= 160 and out.endswith("…")
        stem = out[:-1]
        assert LONG.startswith(stem) and LONG[len(stem)] == " "

    def test_a_trailing_comma_is_dropped_before_the_ellipsis(self):
        assert site_files.shorten("one two, three four", 12) == "one two…"

    @given(st.lists(st.text("abcdefghij", min_size=1, max_size=12), min_size=1, max_size=40),
           st.integers(20, 200))
    def test_any_text_of_words(self, words, limit):
        text = " ".join(words)
        out = site_files.shorten(text, limit)
        assert len(out) <= limit
        if len(text) <= limit:
            assert out == text
        else:
            stem = out.removesuffix("…")
            assert out.endswith("…") and stem and text.startswith(stem)
            assert text[len(stem)] == " "


def paragraph(text):
    return nodes.paragraph(text, text)


def document(*children):
    doctree = new_document("book/page.md")
    section = nodes.section()
    section += nodes.title("Title", "Title")
    for child in children:
        section += child
    doctree += section
    return doctree


def inside(container, text):
    node = container()
    node += paragraph(text)
    return node


APP = SimpleNamespace(config=SimpleNamespace(html_title="Calculus & ML",
                                             html_context={"description": BOOK}))
FIRST = "The first real paragraph of the page,\n   over   two lines."


class TestDescription:
    @pytest.mark.parametrize("container", [nodes.note, nodes.admonition, nodes.warning,
                                           nodes.footnote, nodes.table])
    def test_the_first_long_paragraph_outside_admonitions_footnotes_and_tables(self, container):
        doctree = document(paragraph("Too short to describe it."),
                           inside(container, "A long paragraph that describes nothing here."),
                           paragraph(FIRST), paragraph("A later paragraph, also long enough."))
        assert site_files.description(APP, doctree) == " ".join(FIRST.split())

    def test_a_long_paragraph_is_shortened(self):
        out = site_files.description(APP, document(paragraph(LONG)))
        assert out == site_files.shorten(LONG) and out != LONG

    @pytest.mark.parametrize("doctree", [None, document(paragraph("Short."),
                                                        inside(nodes.note, LONG))])
    def test_a_page_without_one_gets_the_books_description(self, doctree):
        assert site_files.description(APP, doctree) == BOOK

    def test_no_description_at_all_is_empty(self):
        app = SimpleNamespace(config=SimpleNamespace(html_context={}))
        assert site_files.description(app, None) == ""


def head(context) -> dict[str, str]:
    soup = BeautifulSoup(context["metatags"], "html.parser")
    return {m.get("name") or m.get("property"): m["content"] for m in soup.find_all("meta")}


class TestDescribe:
    def app(self, tmp_path):
        config = SimpleNamespace(
            html_title="Calculus & ML", html_context={"description": BOOK},
            ogp_site_url="https://x.github.io/mlcalc/", ogp_canonical_url="",
            ogp_site_name="Calculus & ML", ogp_type="article", ogp_description_length=200,
            ogp_enable_meta_description=True, ogp_image=None, ogp_use_first_image=False,
            ogp_image_alt=None, ogp_social_cards={"enable": False}, ogp_custom_meta_tags=[],
            project="mlcalc")
        return SimpleNamespace(config=config, srcdir=tmp_path, outdir=tmp_path, env=None,
                               builder=SimpleNamespace(get_target_uri=lambda doc: doc + ".html"),
                               lean_site_written=set())

    def test_a_page_gets_its_description_and_the_environments_record_is_not_changed(self,
                                                                                  tmp_path):
        app, record = self.app(tmp_path), {"author": "x"}
        context = {"metatags": '<meta name="keywords" content="calculus">\n', "meta": record}
        site_files.describe(app, "book/page", "page.html", context, document(paragraph(LONG)))
        assert head(context) == {"keywords": "calculus",
                                 "description": site_files.shorten(LONG)}
        assert context["meta"] == {"author": "x", "og:description": site_files.shorten(LONG)}
        assert record == {"author": "x"}
        assert app.lean_site_written == {"book/page"}

    def test_sphinxext_opengraph_then_uses_it(self, tmp_path):
        app, doctree = self.app(tmp_path), document(paragraph(LONG))
        context = {"pagename": "book/page", "title": "Page", "metatags": "", "meta": {}}
        site_files.describe(app, "book/page", "page.html", context, doctree)
        context["metatags"] += opengraph.get_tags(
            context, doctree, srcdir=tmp_path, outdir=tmp_path, config=app.config,
            builder=app.builder, env=None)
        assert context["metatags"].count('name="description"') == 1
        tags = head(context)
        assert tags["description"] == tags["og:description"] == site_files.shorten(LONG)

    def test_a_page_without_a_doctree_gets_the_social_tags_too(self, tmp_path):
        # sphinxext-opengraph's own get_tags, as the build calls it for search.html
        app = self.app(tmp_path)
        context = {"pagename": "search", "title": "", "metatags": "", "meta": None}
        site_files.describe(app, "search", "search.html", context, None)
        tags = head(context)
        assert tags["description"] == tags["og:description"] == BOOK  # escaped once
        assert tags["og:title"] == "Calculus & ML"
        assert tags["og:url"] == "https://x.github.io/mlcalc/search.html"
        assert app.lean_site_written == {"search"}


def config(**settings):
    values = dict(ogp_site_name=None, ogp_site_url="", html_title="Calculus & <ML>",
                  html_baseurl="https://x.github.io/mlcalc/")
    return SimpleNamespace(**{**values, **settings})


class TestConfigure:
    def test_the_site_name_address_and_404_page_follow_from_the_base_url(self):
        conf = config()
        site_files.configure(None, conf)
        assert conf.ogp_site_name == "Calculus & <ML>"
        assert conf.ogp_site_url == "https://x.github.io/mlcalc/"
        assert conf.notfound_urls_prefix == "/mlcalc/"
        assert conf.notfound_context["title"] == "Page not found"
        (link,) = BeautifulSoup(conf.notfound_context["body"], "html.parser").find_all("a")
        assert link["href"] == "/mlcalc/book/index.html"
        assert link.get_text() == "Go to the start of Calculus & <ML>"

    @pytest.mark.parametrize("base,prefix", [("https://x.github.io/mlcalc", "/mlcalc/"),
                                             ("https://x.github.io/a/b/", "/a/b/"),
                                             ("https://example.org/", "/"),
                                             ("https://example.org", "/")])
    def test_the_404_prefix_is_the_base_urls_path(self, base, prefix):
        conf = config(html_baseurl=base)
        site_files.configure(None, conf)
        assert conf.notfound_urls_prefix == prefix

    def test_settings_given_are_kept(self):
        conf = config(ogp_site_name="Other", ogp_site_url="https://other.org/")
        site_files.configure(None, conf)
        assert (conf.ogp_site_name, conf.ogp_site_url) == ("Other", "https://other.org/")

    def test_without_a_base_url_the_404_page_is_left_as_configured(self):
        conf = config(html_baseurl="", notfound_urls_prefix="/en/latest/")
        site_files.configure(None, conf)
        assert conf.notfound_urls_prefix == "/en/latest/"
        assert not hasattr(conf, "notfound_context")


class TestCompleteSitemap:
    def app(self, links=True, fmt="html"):
        env_app = SimpleNamespace(sitemap_links=queue.Queue()) if links else SimpleNamespace()
        return SimpleNamespace(
            builder=SimpleNamespace(format=fmt, get_target_uri=lambda doc: doc + ".html"),
            env=SimpleNamespace(app=env_app, found_docs={"index", "book/index", "book/a",
                                                         "book/b/c", "prf-prf", "genindex"}),
            lean_site_written={"book/a", "search", "404"},
            config=SimpleNamespace(sitemap_excludes=["search.html", "genindex.html", "404.html",
                                                     "prf-*.html"]))

    @staticmethod
    def queued(app):
        links = app.env.app.sitemap_links
        return [links.get_nowait() for _ in range(links.qsize())]

    def test_queues_the_pages_this_build_did_not_write(self):
        app = self.app()
        site_files.complete_sitemap(app, None)
        assert sorted(self.queued(app)) == [("book/b/c.html", None), ("book/index.html", None),
                                            ("index.html", None)]

    @pytest.mark.parametrize("exception,fmt", [(RuntimeError("failed"), "html"), (None, "latex")])
    def test_a_failed_or_other_build_queues_nothing(self, exception, fmt):
        app = self.app(fmt=fmt)
        site_files.complete_sitemap(app, exception)
        assert self.queued(app) == []

    def test_a_changed_sphinx_sitemap_is_a_warning(self, caplog):
        with caplog.at_level(logging.WARNING, logger=LOGGER):
            site_files.complete_sitemap(self.app(links=False), None)
        (record,) = [r for r in caplog.records if r.name == LOGGER]
        assert "sitemap_links" in record.getMessage()


# the 404 page as sphinx-notfound-page writes it, under the prefix /mlcalc/
NOT_FOUND = """<html><head>
<link rel="stylesheet" href="/mlcalc/_static/styles/theme.css?digest=1" />
<script src="/mlcalc/_static/documentation_options.js"></script>
<link rel="canonical" href="https://x.github.io/mlcalc/404.html" />
</head><body>
<a class="skip-link" href="#main-content">Skip</a>
<form action="/mlcalc/search.html" method="get"><input name="q"></form>
<a href="/mlcalc/book/index.html">Start</a> <a href="/other/page.html">Other site</a>
<a href="mailto:someone@example.org">Mail</a>
<img src="/mlcalc/_images/plot.svg" alt="A plot">
<script type="application/json" id="fit-1" data-src="/mlcalc/_static/data/fit-1-0123456789.json"></script>
</body></html>"""


def addresses(text):
    soup = BeautifulSoup(text, "html.parser")
    return [(tag.name, attr, tag[attr]) for tag in soup.find_all(True)
            for attr in ("href", "src", "action", "data-src") if tag.has_attr(attr)]


class TestNotFoundAddresses:
    def test_to_relative_makes_the_sites_addresses_relative_to_its_root(self):
        assert addresses(site_files.to_relative(NOT_FOUND, "/mlcalc/")) == [
            ("link", "href", "_static/styles/theme.css?digest=1"),
            ("script", "src", "_static/documentation_options.js"),
            ("link", "href", "https://x.github.io/mlcalc/404.html"),
            ("a", "href", "#main-content"),
            ("form", "action", "search.html"),
            ("a", "href", "book/index.html"),
            ("a", "href", "/other/page.html"),
            ("a", "href", "mailto:someone@example.org"),
            ("img", "src", "_images/plot.svg"),
            ("script", "data-src", "_static/data/fit-1-0123456789.json")]

    def test_the_round_trip_gives_the_page_back(self):
        relative = site_files.to_relative(NOT_FOUND, "/mlcalc/")
        assert relative != NOT_FOUND
        assert site_files.to_absolute(relative, "/mlcalc/") == NOT_FOUND

    def test_to_absolute_leaves_other_addresses_alone(self):
        absolute = site_files.to_absolute(site_files.to_relative(NOT_FOUND, "/mlcalc/"), "/mlcalc/")
        kept = {v for _, _, v in addresses(absolute) if not v.startswith("/mlcalc/")}
        assert kept == {"https://x.github.io/mlcalc/404.html", "#main-content",
                        "/other/page.html", "mailto:someone@example.org"}

    def test_addresses_the_build_adds_become_absolute_once(self):
        added = '<link rel="stylesheet" href="_static/bundle-0123456789ab.css" data-sources="x">'
        once = site_files.to_absolute(added, "/mlcalc/")
        assert once == added.replace('href="_static', 'href="/mlcalc/_static')
        assert site_files.to_absolute(once, "/mlcalc/") == once


class TestWriteSiteFiles:
    FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle r="8"/></svg>\n'

    def app(self, base="https://x.github.io/mlcalc"):
        return SimpleNamespace(config=SimpleNamespace(
            html_baseurl=base, html_title="Calculus & ML", html_context={"description": BOOK}))

    @pytest.fixture
    def out(self, tmp_path):
        (tmp_path / "_static").mkdir()
        (tmp_path / "_static/favicon.svg").write_text(self.FAVICON)
        return tmp_path

    @pytest.mark.parametrize("base", ["https://x.github.io/mlcalc", "https://x.github.io/mlcalc/"])
    def test_robots_txt_names_the_sitemap(self, out, base):
        site_files.write_site_files(self.app(base), out)
        lines = (out / "robots.txt").read_text().splitlines()
        assert lines[:2] == ["User-agent: *", "Allow: /"]
        assert lines[2:] == ["Sitemap: https://x.github.io/mlcalc/sitemap.xml"]

    def test_the_bare_redirect_becomes_a_page_that_redirects(self, out):
        # as sphinx-external-toc writes it (sphinx_external_toc/events.py)
        (out / "index.html").write_text(
            '<meta http-equiv="Refresh" content="0; url=book/index.html" />\n', encoding="utf8")
        site_files.write_site_files(self.app(), out)
        soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert soup.title.string == "Calculus & ML"
        assert soup.find("meta", attrs={"name": "description"})["content"] == BOOK
        assert soup.find("meta", attrs={"http-equiv": "Refresh"})["content"] == (
            "0; url=book/index.html")
        assert soup.find("a")["href"] == "book/index.html"
        icon = soup.find("link", rel="icon")["href"]
        assert icon.startswith("data:image/svg+xml,")
        assert unquote(icon.removeprefix("data:image/svg+xml,")) == self.FAVICON.strip()

    def test_a_real_root_page_is_left_alone(self, out):
        page = "<!DOCTYPE html><html><head><title>Home</title></head><body></body></html>"
        (out / "index.html").write_text(page)
        site_files.write_site_files(self.app(), out)
        assert (out / "index.html").read_text() == page

    def test_no_root_page_is_made_from_nothing(self, out):
        site_files.write_site_files(self.app(), out)
        assert not (out / "index.html").exists()

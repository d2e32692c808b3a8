"""book/_ext/lean_site/styles.py: one purged stylesheet bundle instead of a page's stylesheets."""

import logging
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import explorer_pages

styles = explorer_pages.lean_site().styles


def marks(css: str) -> set[str]:
    """The rules left in `css`, each test rule being marked by one custom property --name."""
    return set(re.findall(r"--([\w-]+)\s*:", css))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


class TestPurgeCss:
    def test_font_awesome_rules_fonts_and_animations_go_and_the_rest_stays(self):
        css = """
            .fa { --fa: 1 }
            .fa-bars:before { --bars: 1 }
            .fas, .btn { --mixed: 1 }
            .fab.fa-github { --brand: 1 }
            .far-away, .fade { --lookalike: 1 }
            @font-face { font-family: "Font Awesome 6 Free"; src: url(fa-solid-900.woff2); --faface: 1 }
            @font-face { font-family: "Temml"; src: url(Temml.woff2); --temml: 1 }
            @keyframes fa-spin { 0% { --spin: 1 } }
            @-webkit-keyframes fa-beat { 0% { --beat: 1 } }
            @keyframes fade-in { 0% { --fadein: 1 } }
            p { --p: 1 }
        """
        out = styles.purge_css(css)
        assert marks(out) == {"mixed", "lookalike", "temml", "fadein", "p"}
        assert ".fas" not in out and ".btn" in out

    def test_licence_comments_stay_and_other_comments_go(self):
        out = styles.purge_css("/*! Bootstrap | MIT */\n/* a note */ p { --p: 1 } /* end */")
        assert "/*! Bootstrap | MIT */" in out
        assert "a note" not in out and "end" not in out and marks(out) == {"p"}

    def test_media_blocks_are_purged_inside_and_dropped_when_empty(self):
        css = ("@media (min-width: 960px) { .fa-lg { --lg: 1 } .wide { --wide: 1 } }"
               "@media print { .fa { --print: 1 } }"
               "@supports (display: grid) { @media screen { .fa-x { --x: 1 } .grid { --grid: 1 } } }")
        out = styles.purge_css(css, {"wide", "grid"})
        assert marks(out) == {"wide", "grid"}
        assert "@media print" not in out and "@media (min-width: 960px)" in out

    @pytest.mark.parametrize("selector,kept", [
        (".used", True),
        (".unused", False),
        ("div.used > p.used", True),
        ("div.used > p.unused", False),
        ("p", True),
        ('html[data-theme="dark"] a:hover', True),
        (".used:not(.unused)", True),
        (":not(.unused, .other) > .used", True),
        ("#main .unused::before", False),
    ])
    def test_a_rule_stays_only_if_its_classes_are_used(self, selector, kept):
        out = styles.purge_css(f"{selector} {{ --rule: 1 }}", {"used"})
        assert marks(out) == ({"rule"} if kept else set())

    def test_a_selector_list_keeps_the_used_selectors(self):
        out = styles.purge_css(".unused, .used > a, .fa-bars { --rule: 1 }", {"used", "fa-bars"})
        assert marks(out) == {"rule"} and ".used > a" in out
        assert ".unused" not in out and ".fa-bars" not in out

    def test_without_used_classes_only_font_awesome_goes(self):
        assert marks(styles.purge_css(".anything { --a: 1 } .fa { --b: 1 }", None)) == {"a"}

    def test_is_needs_only_one_of_its_alternatives(self):
        assert marks(styles.purge_css(":is(.used, .unused) > a { --rule: 1 }", {"used"}))

    def test_a_dot_in_an_attribute_value_is_no_class(self):
        assert marks(styles.purge_css('a[href$=".pdf"] { --rule: 1 }', {"used"}))


class TestUsedClasses:
    def test_classes_of_the_pages_and_words_of_their_scripts(self, tmp_path):
        write(tmp_path / "_static/scripts/theme.js", "el.classList.add('is-open', `dark-mode`)")
        write(tmp_path / "_static/explorer.js", "root.className = 'mlcalc-fit-ready';")
        write(tmp_path / "_static/lean.css", ".from-css { }")
        pages = ['<div class="a b-c"><p class="d">x</p></div>',
                 '<span class="e"></span><script>document.body.classList.add("inline-one")</script>']
        used = styles.used_classes(tmp_path, pages)
        assert {"a", "b-c", "d", "e", "inline-one", "is-open", "dark-mode",
                "mlcalc-fit-ready"} <= used
        assert "from-css" not in used and "x" not in used


@pytest.fixture
def site(tmp_path):
    """A built site: the theme's stylesheet imports basic.css; both use relative url()s."""
    static = tmp_path / "_static"
    write(static / "styles/theme.css",
          '@import "../basic.css";\n.theme { --theme: 1; background: url("../images/bg.png") }\n'
          '.fa-bars { --bars: 1 }\n.icon { --icon: 1; background: url(data:image/png;base64,AA==) }'
          '\n.web { --web: 1; background: url(https://example.org/x.png) }\n')
    write(static / "basic.css", "div.basic { --basic: 1; background: url(file.png) }\n"
                                "@font-face { font-family: X; src: url('../_static/fonts/x.woff2') }\n")
    write(static / "pygments.css", ".highlight { --pygments: 1 }\n.unused-class { --unused: 1 }\n")
    write(static / "extra.css", ".extra { --extra: 1 }\n")
    for name in ("images/bg.png", "file.png", "fonts/x.woff2"):
        write(static / name, "")
    return tmp_path


HEAD = """<html><head><meta charset="utf-8">
<link rel="stylesheet" href="{up}_static/styles/theme.css?digest=0123" type="text/css" />
<link rel="icon" href="{up}_static/favicon.svg">
<link rel="stylesheet" type="text/css" href="{up}_static/pygments.css?v=4f649999" />
{more}<title>Page</title></head><body><p>text</p></body></html>"""
USED = {"theme", "icon", "web", "basic", "highlight", "extra"}


def page(out: Path, name: str, more: str = "") -> tuple[Path, str]:
    path = out / name
    up = "../" * (len(Path(name).parts) - 1)
    more = more.format(up=up)
    return path, HEAD.format(up=up, more=more)


def stylesheets(path: Path, text: str) -> list[Path]:
    soup = BeautifulSoup(text, "html.parser")
    return [(path.parent / link["href"]).resolve() for link in soup.find_all("link")
            if "stylesheet" in link["rel"]]


class TestBundleStyles:
    def test_the_stylesheets_become_one_bundle_with_every_rule(self, site):
        path, text = page(site, "index.html")
        out = styles.bundle_styles(site, path, text, {}, USED)
        (bundle,) = stylesheets(path, out)
        assert bundle.parent == (site / "_static").resolve()
        assert re.fullmatch(r"bundle-[0-9a-f]{12}\.css", bundle.name)
        css = bundle.read_text(encoding="utf-8")
        assert marks(css) == {"theme", "icon", "web", "basic", "pygments"}
        assert "@import" not in css
        # the bundle comes where the first stylesheet was; the other links stay
        assert out.index("<meta charset") < out.index("bundle-") < out.index('rel="icon"')
        assert out.count("<link") == 2

    def test_the_bundles_urls_point_to_the_same_files(self, site):
        path, text = page(site, "book/chapter.html")
        (bundle,) = stylesheets(path, styles.bundle_styles(site, path, text, {}, USED))
        urls = re.findall(r"url\(([\"']?)([^\"')]+)\1\)", bundle.read_text(encoding="utf-8"))
        local = [u for _, u in urls if not u.startswith(("data:", "https:"))]
        assert sorted((bundle.parent / u).resolve() for u in local) == sorted(
            (site / "_static" / name).resolve() for name in ("images/bg.png", "file.png",
                                                              "fonts/x.woff2"))
        assert "url(data:image/png;base64,AA==)" in bundle.read_text(encoding="utf-8")
        assert "url(https://example.org/x.png)" in bundle.read_text(encoding="utf-8")

    def test_pages_with_the_same_stylesheets_share_one_bundle(self, site):
        bundles = {}
        first, second = page(site, "index.html"), page(site, "book/sub/chapter.html")
        a = stylesheets(first[0], styles.bundle_styles(site, *first, bundles, USED))
        b = stylesheets(second[0], styles.bundle_styles(site, *second, bundles, USED))
        assert a == b and len(bundles) == 1
        assert len(list((site / "_static").glob("bundle-*.css"))) == 1

    def test_other_stylesheets_make_another_bundle(self, site):
        bundles = {}
        extra = '<link rel="stylesheet" href="{up}_static/extra.css" />\n'
        first, second = page(site, "a.html"), page(site, "b.html", extra)
        (a,) = stylesheets(first[0], styles.bundle_styles(site, *first, bundles, USED))
        (b,) = stylesheets(second[0], styles.bundle_styles(site, *second, bundles, USED))
        assert a != b and "extra" in marks(b.read_text()) and "extra" not in marks(a.read_text())

    @pytest.mark.parametrize("name", ["index.html", "book/chapter.html"])
    def test_a_second_build_of_the_output_makes_the_same_bundle(self, site, name):
        path, text = page(site, name)
        once = styles.bundle_styles(site, path, text, {}, USED)
        bundle = stylesheets(path, once)[0]
        content = bundle.read_text(encoding="utf-8")
        bundle.unlink()
        assert styles.bundle_styles(site, path, once, {}, USED) == once
        assert bundle.read_text(encoding="utf-8") == content

    def test_a_page_without_stylesheets_is_unchanged(self, site):
        text = "<html><head><title>x</title></head><body></body></html>"
        assert styles.bundle_styles(site, site / "x.html", text, {}, USED) == text
        assert not list((site / "_static").glob("bundle-*.css"))

    def test_a_page_bundled_by_an_older_build_is_a_warning(self, site, caplog):
        text = '<head><link rel="stylesheet" href="_static/bundle-0123456789ab.css"></head>'
        with caplog.at_level(logging.WARNING, logger="sphinx.lean_site.styles"):
            assert styles.bundle_styles(site, site / "x.html", text, {}, USED) == text
        assert "make clean" in caplog.records[-1].getMessage()


def test_remove_stale_bundles_keeps_the_bundles_in_use(site):
    static = site / "_static"
    for name in ("bundle-aaaaaaaaaaaa.css", "bundle-bbbbbbbbbbbb.css", "bundle-cccccccccccc.css"):
        write(static / name, "")
    styles.remove_stale_bundles(site, {("x",): "bundle-bbbbbbbbbbbb.css"})
    left = {p.relative_to(static).as_posix() for p in static.rglob("*.css")}
    assert left == {"bundle-bbbbbbbbbbbb.css", "styles/theme.css", "basic.css", "pygments.css",
                    "extra.css"}

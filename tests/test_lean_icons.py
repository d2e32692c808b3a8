"""book/_ext/lean_site/icons.py: the theme's Font Awesome icons as inline SVGs, and Font Awesome's
script and webfonts removed from the built site."""

import logging

import pytest
from bs4 import BeautifulSoup

import explorer_pages

lean_site = explorer_pages.lean_site()
icons = lean_site.icons
ICONS = lean_site.icon_paths.ICONS
LOGGER = "sphinx.lean_site.icons"  # Sphinx's logger adapts logging.getLogger("sphinx." + name)


def only_tag(html: str):
    """The single top-level element of `html`, parsed independently of the module's regexes."""
    (tag,) = BeautifulSoup(html, "html.parser").find_all(recursive=False)
    return tag


class TestInlineIcons:
    # as the pinned pydata-sphinx-theme and sphinx-book-theme write them
    @pytest.mark.parametrize("markup,name", [
        ('<i class="fa-solid fa-bars"></i>', "bars"),
        ('<span class="fa-solid fa-outdent"></span>', "outdent"),
        ('<i class="fas fa-download"></i>', "download"),
        ('<i class="fab fa-github fa-lg"></i>', "github"),
        ('<i class="fa-solid fa-magnifying-glass fa-lg">\n  </i>', "magnifying-glass"),
    ])
    def test_a_known_icon_becomes_its_svg(self, markup, name):
        svg = only_tag(icons.inline_icons(markup, "page.html"))
        viewbox, d = ICONS[name]
        assert svg.name == "svg" and svg["viewbox"] == viewbox
        assert [p["d"] for p in svg.find_all("path")] == [d]
        assert svg["aria-hidden"] == "true" and svg["focusable"] == "false"
        assert not [c for c in svg["class"] if c.startswith("fa")]

    @pytest.mark.parametrize("size", ["", " fa-lg"])
    def test_other_classes_and_attributes_are_kept_and_fa_lg_is_icon_lg(self, size):
        markup = (f'<i class="theme-switch fa-solid fa-moon{size}" data-mode="dark" '
                  'title="Dark"></i>')
        svg = only_tag(icons.inline_icons(markup, "page.html"))
        assert "theme-switch" in svg["class"]
        assert ("icon-lg" in svg["class"]) == bool(size)
        assert svg["data-mode"] == "dark" and svg["title"] == "Dark"
        assert svg["viewbox"] == ICONS["moon"][0]

    def test_every_icon_of_a_page_is_replaced_and_the_rest_left_alone(self):
        text = ('<p>Before</p><button><i class="fa-solid fa-sun"></i></button>'
                '<p class="fa-like">Between</p><span class="fa-solid fa-list"></span><p>After</p>')
        out = icons.inline_icons(text, "page.html")
        soup = BeautifulSoup(out, "html.parser")
        assert [s["viewbox"] for s in soup.find_all("svg")] == [ICONS["sun"][0], ICONS["list"][0]]
        assert not soup.find_all("i") and not soup.find_all("span")
        assert out.startswith("<p>Before</p><button><svg") and out.endswith("<p>After</p>")
        assert '<p class="fa-like">Between</p>' in out

    def test_an_unknown_icon_stays_and_is_a_warning_naming_the_page(self, caplog):
        markup = '<i class="fa-solid fa-no-such-icon"></i>'
        with caplog.at_level(logging.WARNING, logger=LOGGER):
            assert icons.inline_icons(markup, "book/chapter.html") == markup
        (record,) = [r for r in caplog.records if r.name == LOGGER]
        assert record.levelno == logging.WARNING and record.location == "book/chapter.html"
        assert "fa-no-such-icon" in record.getMessage()

    def test_a_known_icon_is_no_warning(self, caplog):
        with caplog.at_level(logging.DEBUG, logger=LOGGER):
            icons.inline_icons('<i class="fa-solid fa-bars"></i>', "page.html")
        assert not [r for r in caplog.records if r.name == LOGGER]

    def test_a_class_that_merely_starts_with_fa_is_kept(self):
        svg = only_tag(icons.inline_icons('<i class="fade fa-solid fa-bars"></i>', "page.html"))
        assert "fade" in svg["class"]

    def test_an_icon_that_is_already_hidden_has_one_aria_hidden(self):
        out = icons.inline_icons('<i class="fa-brands fa-github fa-lg" aria-hidden="true"></i>',
                                 "page.html")
        assert out.count("aria-hidden=") == 1


class TestRemoveFontAwesome:
    KEPT = ["_static/scripts/pydata-sphinx-theme.js", "_static/scripts/bootstrap.js",
            "_static/scripts/bootstrap.js.map", "_static/vendor/other/webfonts/font.woff2",
            "_static/fonts/Temml.woff2", "_static/fontawesome-notes.txt", "index.html"]
    FONTS = ["_static/vendor/fontawesome/webfonts/fa-solid-900.woff2",
             "_static/vendor/fontawesome/webfonts/fa-brands-400.ttf",
             "_static/vendor/fontawesome/LICENSE.txt"]

    def test_deletes_exactly_font_awesomes_files(self, tmp_path):
        for name in self.KEPT + self.FONTS + icons.UNUSED:
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_text(name)
        icons.remove_font_awesome(tmp_path)
        left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                      if p.is_file())
        assert left == sorted(self.KEPT)

    def test_a_site_without_them_is_fine(self, tmp_path):
        (tmp_path / "_static").mkdir()
        icons.remove_font_awesome(tmp_path)
        icons.remove_font_awesome(tmp_path)
        assert [p.name for p in tmp_path.rglob("*")] == ["_static"]

"""book/_ext/lean_site/figures.py: figures sized in the HTML and loaded lazily, alt text required."""

import logging

import matplotlib.pyplot as plt
import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from docutils.utils import new_document

import explorer_pages

figures = explorer_pages.lean_site().figures
LOGGER = "sphinx.lean_site.figures"


def only_img(text: str):
    (img,) = BeautifulSoup(text, "html.parser").find_all("img")
    return img


@pytest.fixture
def site(tmp_path):
    """A built site with one matplotlib figure as an SVG, 6.4 x 4.8 inches (in points: x 72)."""
    (tmp_path / "_images").mkdir()
    fig, ax = plt.subplots(figsize=(6.4, 4.8))
    ax.plot([0, 1], [1, 0])
    fig.savefig(tmp_path / "_images" / "plot.svg")
    plt.close(fig)
    return tmp_path


# the figure's size in CSS pixels (96 per inch), from its size in inches
WIDTH, HEIGHT = round(6.4 * 96), round(4.8 * 96)


class TestSizeFigures:
    @pytest.mark.parametrize("name,up", [("index.html", ""), ("book/chapter/page.html", "../../")])
    def test_a_figure_gets_its_size_and_lazy_loading(self, site, name, up):
        text = f'<p>x</p><img alt="A falling line." src="{up}_images/plot.svg" class="fig" /><p>y</p>'
        out = figures.size_figures(site / name, text)
        img = only_img(out)
        assert (img["width"], img["height"]) == (str(WIDTH), str(HEIGHT))
        assert img["loading"] == "lazy" and img["decoding"] == "async"
        assert img["alt"] == "A falling line." and img["src"] == f"{up}_images/plot.svg"
        assert img["class"] == ["fig"]
        assert out.startswith("<p>x</p><img ") and out.endswith("><p>y</p>")
        assert "  " not in out

    def test_the_size_is_read_in_points(self, tmp_path):
        (tmp_path / "_images").mkdir()
        (tmp_path / "_images/a.svg").write_text(
            '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100.5pt" '
            'height="31pt" viewBox="0 0 100.5 31"></svg>')
        img = only_img(figures.size_figures(tmp_path / "p.html", '<img src="_images/a.svg">'))
        assert (img["width"], img["height"]) == (str(round(100.5 * 4 / 3)), str(round(31 * 4 / 3)))

    def test_an_image_with_a_width_is_left_alone(self, site):
        text = '<img alt="A" src="_images/plot.svg" width="300">'
        assert figures.size_figures(site / "index.html", text) == text

    @pytest.mark.parametrize("src", ["_images/plot.png", "_static/images/logo_binder.svg",
                                     "https://example.org/_images/x.png"])
    def test_other_images_are_left_alone(self, site, src):
        text = f'<img alt="A" src="{src}">'
        assert figures.size_figures(site / "index.html", text) == text

    def test_a_missing_svg_gets_no_size(self, site):
        img = only_img(figures.size_figures(site / "index.html",
                                            '<img alt="A" src="_images/missing.svg" />'))
        assert not img.has_attr("width") and not img.has_attr("height")
        assert img["loading"] == "lazy"

    def test_a_second_run_changes_nothing(self, site):
        once = figures.size_figures(site / "index.html", '<img alt="A" src="_images/plot.svg">')
        assert figures.size_figures(site / "index.html", once) == once


class TestLazyLogos:
    def test_launch_logos_load_lazily(self):
        text = ('<img alt="Binder logo" src="../_static/images/logo_binder.svg">'
                '<img alt="Colab logo" src="../_static/images/logo_colab.png">')
        out = figures.lazy_logos(text)
        soup = BeautifulSoup(out, "html.parser")
        assert [i.get("loading") for i in soup.find_all("img")] == ["lazy", "lazy"]
        assert figures.lazy_logos(out) == out

    @pytest.mark.parametrize("text", ['<img alt="Logo" src="_static/logo.svg">',
                                      '<img loading="eager" src="_static/images/logo_jupyterhub.svg">'])
    def test_other_images_are_left_alone(self, text):
        assert figures.lazy_logos(text) == text


class TestCheckAltText:
    def check(self, caplog, *images):
        doctree = new_document("book/page.md")
        section = nodes.section()
        doctree += section
        for image in images:
            section += nodes.figure("", image)
        with caplog.at_level(logging.WARNING, logger=LOGGER):
            figures.check_alt_text(None, doctree, "book/page")
        return [r for r in caplog.records if r.name == LOGGER]

    def test_an_image_without_alt_text_is_a_warning_at_the_image(self, caplog):
        blank, missing = nodes.image(uri="_images/a.svg", alt="  "), nodes.image(uri="b.png")
        records = self.check(caplog, nodes.image(uri="ok.svg", alt="A line."), blank, missing)
        assert [r.location for r in records] == [blank, missing]
        assert "_images/a.svg" in records[0].getMessage() and "b.png" in records[1].getMessage()
        assert all(r.levelno == logging.WARNING for r in records)

    def test_images_with_alt_text_are_no_warning(self, caplog):
        assert self.check(caplog, nodes.image(uri="a.svg", alt="A."),
                          nodes.image(uri="b.svg", alt="B.")) == []

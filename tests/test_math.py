"""The book's math reads like a typeset book: the converter (book/_ext/mathml.py, Temml), a scan
of every built page's MathML for the defects latex2mathml had, and a gallery of every construct
the book uses, rendered by the same converter and looked at in Chromium.

`python tests/test_math.py [SITE]` prints the scan's defect counts for a built site.
"""

import html
import io
import logging
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
sys.path.insert(0, str(ROOT / "tools"))
import mathml  # noqa: E402
import subset_math_font  # noqa: E402  (its CHARACTERS and unicode_range; fontTools only to run it)
from test_browser import browser  # noqa: E402,F401  (the fixture: Chromium, or a skip)

FUNCTIONS = {"sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh", "ln", "log",
             "exp", "det", "lim", "max", "min", "arg", "sup", "inf", "argmax", "argmin"}
LIMITS = {"lim", "max", "min", "sup", "inf", "argmax", "argmin"}
SCRIPTED = {"msup", "msub", "msubsup", "munder", "mover", "munderover"}
OPENING = {"(", "[", "{", "|", "‖"}
RAW_TEX = re.compile(r"[\\^$]")


# --- the scan -------------------------------------------------------------------------------

def _is_apply(tag) -> bool:
    return tag is not None and tag.name == "mo" and tag.get_text() == "\u2061"


def _next_element(tag):
    sibling = tag.find_next_sibling()
    while sibling is None and tag.parent is not None and tag.parent.name == "mrow":
        tag = tag.parent
        sibling = tag.find_next_sibling()
    return sibling


PUNCTUATION = set(".,;:!?)]")


def scan(text: str) -> dict[str, list[str]]:
    """The math defects of one built page, by kind, each with a short excerpt."""
    doc = BeautifulSoup(text, "html.parser")
    found = {"function name runs into its argument": [], "limit beside lim in display math": [],
             "big bracket as the base of a script": [], "error in a formula": [],
             "raw TeX in a title or link text": [],
             "punctuation may wrap away from its formula": []}
    for name in doc.find_all(["mi", "mo"]):
        if name.get_text() not in FUNCTIONS:
            continue
        unit = name.parent if name.parent.name in SCRIPTED and name is name.parent.find() else name
        following = _next_element(unit)
        if following is None or _is_apply(following):
            continue
        if following.name != "mo" or following.get_text() in OPENING:
            found["function name runs into its argument"].append(str(unit.parent)[:160])
    for math in doc.select('math[display="block"]'):
        for sub in math.find_all("msub"):
            if sub.find().get_text() in LIMITS:
                found["limit beside lim in display math"].append(str(sub)[:160])
    for script in doc.select("msup, msubsup"):
        base = script.find()
        if base is not None and base.name == "mo" and (base.get("maxsize") or base.get("minsize")):
            found["big bracket as the base of a script"].append(str(script)[:160])
    for bad in doc.select("merror, .temml-error"):
        found["error in a formula"].append(str(bad)[:160])
    for math in doc.select('main math:not([display="block"])'):  # not the theme's lists of titles
        after = math.next_sibling
        generated = math.find_parent(["nav"]) or math.find_parent(class_="toctree-wrapper")
        if (isinstance(after, str) and after[:1] in PUNCTUATION and not generated
                and "math-punct" not in (math.parent.get("class") or [])):
            found["punctuation may wrap away from its formula"].append(
                (str(math)[-60:] + after)[:160])
    texts = [doc.title.get_text() if doc.title else ""]
    texts += [link.get("title", "") for link in doc.select("link[rel=prev], link[rel=next]")]
    texts += [meta.get("content", "") for meta in doc.select('meta[property="og:title"]')]
    for link in doc.select("nav a, .bd-sidebar a, .prev-next-area a, .bd-toc a, main a.reference"):
        for math in link.find_all("math"):
            math.extract()  # typeset math is fine; its <mo>^</mo> would not be raw TeX
        texts.append(link.get_text(" ", strip=True))
    for text in texts:
        if RAW_TEX.search(text):
            found["raw TeX in a title or link text"].append(text[:160])
    return found


def scan_site(site: Path) -> Counter:
    counts = Counter()
    for page in sorted(site.rglob("*.html")):
        if page.relative_to(site).parts[0] in ("_static", "_sources", "_images"):
            continue
        for kind, hits in scan(page.read_text(encoding="utf-8")).items():
            counts[kind] += len(hits)
    return counts


# --- the converter, without a build ---------------------------------------------------------

class TestConverter:
    def test_punctuation_after_inline_math_stays_on_its_line(self):
        from types import SimpleNamespace

        from docutils import nodes

        page = '<main><p><math><mi>x</mi></math>, then <math><mi>y</mi></math></p></main>'
        assert scan(page)["punctuation may wrap away from its formula"]
        para = nodes.paragraph("", "", nodes.math("", "x"), nodes.Text(", then "),
                               nodes.math("", "y"), nodes.Text("."), nodes.math("", "z"),
                               nodes.Text(" and"))
        title = nodes.title("", "", nodes.math("", "t"), nodes.Text(": a title"))
        doc = nodes.document(None, None)
        doc += [title, para]
        mathml.MathPunctuation.run(SimpleNamespace(document=doc,
                                                   PUNCTUATION=mathml.MathPunctuation.PUNCTUATION))
        spans = list(para.findall(nodes.inline))
        assert [s.astext() for s in spans] == ["x,", "y."]
        assert all(s["classes"] == ["math-punct"] for s in spans)
        assert para.astext() == "x, then y.z and"  # the text itself is unchanged
        assert title.astext() == "t: a title" and mathml._in_title(next(title.findall(nodes.math)))

    def test_function_names_are_applied_to_their_arguments(self):
        out = mathml.tex_to_mathml(r"\sin h \approx h \text{ and } \cos a \sin b", False)
        assert not any(scan(out).values()), out
        assert out.count("\u2061") == 3

    def test_display_limits_go_under_lim_and_inline_limits_beside_it(self):
        latex = r"\lim_{h \to 0} \frac{\sin h}{h} = 1"
        display, inline = mathml.tex_to_mathml(latex, True), mathml.tex_to_mathml(latex, False)
        assert "<munder><mi>lim</mi>" in display and "<msub><mi>lim</mi>" in inline
        assert 'display="block"' in display and 'tabindex="0"' in display

    def test_prime_after_a_big_bracket_is_one_superscript_prime(self):
        out = mathml.tex_to_mathml(r"\big((uv)\, w\big)'", True)
        assert out.count("\u2032") == 1 and 'class="tml-prime"' in out
        # the bracket in an mrow, or Chromium stretches it with the superscript, below the line
        assert re.search(r'<msup><mrow><mo [^>]*maxsize="1.2em"[^>]*>\)</mo></mrow><mo [^>]*tml-prime', out)
        assert not any(scan(out).values())

    def test_labelled_arrow_stretches(self):
        out = mathml.tex_to_mathml(r"\sin x \xrightarrow{\;d/dx\;} \cos x", True)
        assert re.search(r'<mover[^>]*><mo stretchy="true"[^>]*>→</mo>', out)

    @pytest.mark.parametrize("latex", [r"\frac{1}{", r"\sinn x", r"\begin{bmatrix} 1 & 2"])
    def test_a_formula_temml_cannot_convert_raises(self, latex):
        with pytest.raises(mathml.MathError):
            mathml.tex_to_mathml(latex, True)

    def test_a_formula_that_cannot_be_converted_is_a_warning_naming_the_page(self, caplog):
        from docutils import nodes
        from sphinx.util.logging import get_node_location

        class Translator:  # the part of Sphinx's HTML translator that to_mathml uses
            encode = staticmethod(html.escape)

        node = nodes.math(r"\frac{1}{", r"\frac{1}{")
        node.source, node.line = "book/some-page.md", 12
        with caplog.at_level(logging.WARNING):
            out = mathml.to_mathml(Translator(), node, r"\frac{1}{", False)
        assert out == r"<code>\frac{1}{</code>"
        (record,) = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert "cannot render this formula" in record.getMessage()
        assert record.location is node  # Sphinx prints it as the page and line
        assert get_node_location(node).endswith("book/some-page.md:12")

    @pytest.mark.parametrize("latex,text", [("e^x", "eˣ"), ("1/x", "1/x"), (r"\sin x", "sin x"),
                                            ("x_1^2", "x₁²"), (r"\frac{1}{x}", "1/x"),
                                            (r"e^{-x^2}", "e^(−x²)")])
    def test_plain_text_of_title_math(self, latex, text):
        assert mathml.plain_text(latex) == text

    def test_a_multiline_display_is_split_at_blank_lines(self):
        assert mathml.display_latex("a &= b\n\n&= c") == r"\begin{split}a &= b \\ &= c\end{split}"
        assert mathml.display_latex(r"\begin{aligned}a\end{aligned}", nowrap=True).startswith(
            r"\begin{aligned}")


# --- the gallery: every construct the book uses ---------------------------------------------

FENCE = re.compile(r"^(```|~~~|:::).*?^\1", re.S | re.M)
DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
ENVIRONMENT = re.compile(r"^\\begin\{(\w+\*?)\}.*?^\\end\{\1\}", re.S | re.M)
INLINE = re.compile(r"(?<![\\$])\$(?!\$)([^$\n]+?)(?<!\\)\$")
COMMAND = re.compile(r"\\(?:begin\{(\w+\*?)\}|([a-zA-Z]+)|([,;:! |]))")

#: The constructs the typesetting issue named, each with a formula of the book that shows it.
NAMED = {
    "sin h (function application)": r"\sin h",
    "display lim": r"\lim_{",
    "labelled arrows": r"\xrightarrow",
    "big brackets with a prime": r"\big)'",
    "text annotations": r"\text{sum rule}",
    "text inside a formula": r"\text{(put }",
}


def book_formulas() -> list[tuple[str, bool, str]]:
    """(page, display, latex) for every formula in the book's sources, in order."""
    formulas = []
    for source in sorted((ROOT / "book").rglob("*.md")):
        if "_ext" in source.parts:
            continue
        page = source.relative_to(ROOT).as_posix()
        text = FENCE.sub("", source.read_text(encoding="utf-8"))
        for match in DISPLAY.finditer(text):
            formulas.append((page, True, mathml.display_latex(match.group(1).strip())))
        text = DISPLAY.sub("", text)
        for match in ENVIRONMENT.finditer(text):
            formulas.append((page, True, match.group(0)))
        text = ENVIRONMENT.sub("", text)
        formulas += [(page, False, m.group(1)) for m in INLINE.finditer(text)]
    return formulas


def constructs(latex: str) -> set[str]:
    found = set()
    for env, command, space in COMMAND.findall(latex):
        found.add(f"\\begin{{{env}}}" if env else f"\\{command or space}")
    found |= {mark for mark in ("^", "_", "'", "&") if mark in latex}
    return found - {"\\end", "\\begin"}


def gallery_entries() -> list[tuple[str, str, bool, str]]:
    """(construct, page, display, latex): the shortest formula of the book using each construct,
    and a formula for each of the issue's cases (the longest: the hardest to set)."""
    formulas = book_formulas()
    best = {}
    for page, display, latex in formulas:
        for construct in constructs(latex):
            if construct not in best or len(latex) < len(best[construct][2]):
                best[construct] = (page, display, latex)
    entries = [(c, *best[c]) for c in sorted(best)]
    for name, needle in NAMED.items():
        using = [f for f in formulas if needle in f[2]]
        assert using, f"no formula of the book shows {name} ({needle}): update NAMED"
        entries.insert(0, (name, *max(using, key=lambda f: (f[1], len(f[2])))))
    return entries


GALLERY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Math gallery</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="mathml.css">
<style>
:root {{ color-scheme: light dark; }}
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 1rem; background: #fff; color: #222; }}
@media (prefers-color-scheme: dark) {{ body {{ background: #121212; color: #ddd; }} }}
table {{ border-collapse: collapse; width: 100%; }}
td {{ border-top: 1px solid #8884; padding: 0.3rem 0.5rem; vertical-align: middle; }}
td.what {{ width: 14rem; font-size: 0.8rem; }} td.what code {{ font-size: 0.75rem; opacity: 0.7; }}
div.math {{ display: flex; }}
</style></head><body>
<h1>Every construct the book's formulas use ({count}), set by book/_ext/mathml.py</h1>
<table>
{rows}
</table></body></html>
"""


def write_gallery(out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for asset in ("mathml.css", "Temml.woff2"):
        shutil.copy(ROOT / "book" / "_static" / asset, out / asset)
    shutil.copytree(ROOT / "book" / "_static" / "fonts", out / "fonts", dirs_exist_ok=True)
    rows = []
    for construct, page, display, latex in gallery_entries():
        set_ = mathml.tex_to_mathml(latex, display)
        shown = (f'<div class="math">{set_}</div>' if display
                 else f"<p>In the text, {set_}, between words.</p>")
        rows.append(f'<tr class="formula"><td class="what"><b>{html.escape(construct)}</b><br>'
                    f"<code>{html.escape(page)}</code></td><td>{shown}</td></tr>")
    target = out / "index.html"
    target.write_text(GALLERY_PAGE.format(count=len(rows), rows="\n".join(rows)), encoding="utf-8")
    return target


def test_the_gallery_covers_every_construct_of_the_book():
    entries = gallery_entries()
    covered = {e[0] for e in entries}
    for _, _, latex in book_formulas():
        assert constructs(latex) <= covered
    for required in (r"\frac", r"\partial", r"\begin{bmatrix}", r"\begin{align*}", r"\xrightarrow"):
        assert required in covered


def stretched(mathml_text: str) -> set[str]:
    """The characters a browser stretches in one formula's MathML (as Temml writes it): stretchy
    operators, big brackets (minsize) and fences not marked unstretchy; and the radical."""
    doc = BeautifulSoup(mathml_text, "html.parser")
    found = {"√"} if doc.select("msqrt, mroot") else set()
    for mo in doc.find_all("mo"):
        if (mo.get("stretchy") == "true" or mo.get("minsize")
                or (mo.get("fence") == "true" and mo.get("stretchy") != "false")):
            found.add(mo.get_text())
    return found


class TestStretchyFont:
    """Stretchy operators come from a subset of STIX Math with its MATH table
    (book/_static/fonts, made by tools/subset_math_font.py): every one the book stretches."""

    FONT = ROOT / "book" / "_static" / "fonts" / "mlcalc-math-stretchy.woff2"

    def test_it_holds_every_character_the_book_stretches(self):
        used = set()
        for _, display, latex in book_formulas():
            used |= stretched(mathml.tex_to_mathml(latex, display))
        assert {"→", "⏟", "(", "[", "|", "√"} <= used  # the scan finds them
        assert used - set(subset_math_font.CHARACTERS) == set(), (
            "run tools/subset_math_font.py with these characters added to CHARACTERS")

    def test_the_css_fetches_it_for_those_characters_only(self):
        css = (ROOT / "book" / "_static" / "mathml.css").read_text(encoding="utf-8")
        face = re.search(r'@font-face \{ font-family: "mlcalc Math Stretchy";[^}]*\}', css)
        assert face, "no @font-face for the subset in mathml.css"
        assert 'url("fonts/mlcalc-math-stretchy.woff2")' in face.group(0)
        assert "font-display: swap" in face.group(0)
        assert f"unicode-range: {subset_math_font.unicode_range()};" in face.group(0)

    def test_it_is_small_licensed_and_renamed(self):
        data = self.FONT.read_bytes()
        assert data[:4] == b"wOF2" and len(data) < 12 * 1024
        licence = (self.FONT.parent / "OFL.txt").read_text(encoding="utf-8")
        assert "SIL OPEN FONT LICENSE Version 1.1" in licence
        readme = (self.FONT.parent / "README.txt").read_text(encoding="utf-8")
        assert "mlcalc Math Stretchy" in readme and "tools/subset_math_font.py" in readme


def test_every_formula_of_the_book_converts():
    failures = []
    for page, display, latex in book_formulas():
        try:
            mathml.tex_to_mathml(latex, display)
        except mathml.MathError as exc:
            failures.append(f"{page}: {exc}")
    assert failures == []


# --- on the built site ----------------------------------------------------------------------

#: The built site (test_site.HTML: _build/html, or MLCALC_HTML for a private build). The
#: gallery and its screenshots go beside it.
from test_site import HTML as SITE  # noqa: E402


def site_pages():
    from test_site import PAGES

    return [f"{p}.html" for p in PAGES] + ["index.html", "search.html", "genindex.html"]


@pytest.mark.site
@pytest.mark.parametrize("path", site_pages())
def test_built_math_has_none_of_the_defects(path):
    if not (SITE / "search.html").exists():
        pytest.fail("no built site in _build/html: run `make book-strict` (or `make test`) first")
    found = {kind: hits for kind, hits in scan((SITE / path).read_text(encoding="utf-8")).items()
             if hits}
    assert found == {}, f"{path}: {found}"


@pytest.mark.site
def test_title_math_has_a_plain_text_form_everywhere_text_is_shown():
    page = SITE / "book/01-what-is-calculus/special-cases.html"
    after = SITE / "book/01-what-is-calculus/product-rule.html"
    doc, nxt = (BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser") for p in (page, after))
    assert "Special cases: 1/x, eˣ, sine and cosine" in doc.title.get_text()
    assert "1/x, eˣ" in nxt.select_one("link[rel=prev]")["title"]
    assert "1/x, eˣ" in nxt.select_one(".prev-next-area a.left-prev").get_text()
    assert doc.select_one("main h1 math msup")  # the heading itself stays typeset


@pytest.fixture(scope="module")
def gallery_url():
    import serve

    target = write_gallery(SITE.parent / "math-gallery")
    server = serve.start(target.parent)
    yield f"http://127.0.0.1:{server.server_port}/index.html"
    server.shutdown()
    server.server_close()


@pytest.mark.site
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_gallery_sets_every_construct_in_chromium(browser, gallery_url, scheme):
    page = browser.new_page(viewport={"width": 1100, "height": 900}, color_scheme=scheme)
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("requestfailed", lambda r: errors.append(r.url))
    page.goto(gallery_url, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    assert page.locator(".temml-error, merror").count() == 0
    sizes = page.evaluate("[...document.querySelectorAll('tr.formula math')].map(m => {"
                          "const r = m.getBoundingClientRect(); return [r.width, r.height]; })")
    assert sizes and all(w > 4 and h > 4 for w, h in sizes), sizes
    beside = page.evaluate("[...document.querySelectorAll('math[display=block] mi')]"
                           ".filter(m => m.textContent === 'lim' && m.parentElement.localName !== 'munder').length")
    assert beside == 0
    # a labelled arrow is drawn at least as wide as most of its label, and the label sits above
    # it (Chromium may report the operator's box unstretched: measure the ink)
    import numpy as np
    from PIL import Image

    arrows = page.locator("mover:has(> mo[stretchy=true])").all()
    assert arrows
    for arrow in arrows:
        box, label, mo = arrow.evaluate("""m => [m, m.children[1], m.children[0]].map(e => {
            const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })""")
        ink = np.asarray(Image.open(io.BytesIO(arrow.screenshot())).convert("L"), dtype=float)
        ink = ink if scheme == "dark" else 255 - ink
        band = ink[round(mo[1] - box[1]):round(mo[1] - box[1] + mo[3])]
        columns = np.flatnonzero(band.max(axis=0) > 100)
        assert columns.size and columns[-1] - columns[0] >= 0.8 * label[2], (columns, label)
        assert label[1] + label[3] <= mo[1] + mo[3] / 2 + 1, "the label overlaps the arrow"
    shots = SITE.parent / "screens"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"math-gallery-{scheme}.png"), full_page=True)
    assert errors == []
    page.close()


@pytest.mark.site
def test_gallery_arrows_and_braces_come_from_the_subset_and_arrows_keep_heads(browser, gallery_url):
    """The arrows and braces are drawn from the shipped subset, and an arrow keeps its head at
    every position: Chromium lays a stretched operator out at its unstretched width, and leaves out
    the part of the arrow in a paint tile beyond that box (seen at device scale 2)."""
    import numpy as np
    from PIL import Image

    page = browser.new_page(viewport={"width": 1100, "height": 900}, device_scale_factor=2)
    page.goto(gallery_url, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    faces = page.evaluate("[...document.fonts].map(f => [f.family.replace(/\"/g, ''), f.status])")
    assert ["mlcalc Math Stretchy", "loaded"] in faces, faces
    families = page.evaluate("[...document.querySelectorAll('mover > mo[stretchy=true], munder > "
                             "mo[stretchy=true]')].map(m => getComputedStyle(m).fontFamily)")
    assert families and all(f.startswith('"mlcalc Math Stretchy"') for f in families), families
    headless = []
    for width in range(1000, 1201, 25):  # arrows at many positions against the paint tiles
        page.set_viewport_size({"width": width, "height": 900})
        for arrow in page.locator("mover:has(> mo[stretchy=true]:first-child)").all():
            if arrow.evaluate("m => m.children[0].textContent") != "→":
                continue  # the head on the right
            box, mo = arrow.evaluate("""m => [m, m.children[0]].map(e => {
                const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })""")
            shot = Image.open(io.BytesIO(arrow.screenshot())).convert("L")
            ink = 255 - np.asarray(shot, dtype=float)  # light scheme: ink is dark
            ink = ink[round(2 * (mo[1] - box[1])):round(2 * (mo[1] - box[1] + mo[3]))] > 100
            columns = np.flatnonzero(ink.any(axis=0))
            left, right = columns[0], columns[-1]
            rows = lambda a, b: np.flatnonzero(ink[:, a:b].any(axis=1))  # noqa: E731
            shaft = rows((left + right) // 2 - 2, (left + right) // 2 + 2)
            head = rows(right - max(2, (right - left) // 8), right + 1)
            # the head spans several times the shaft's thickness at the right end
            span = head[-1] - head[0] + 1 if head.size else 0
            if span < 2 * shaft.size + 2:
                headless.append((width, round(box[0]), shaft.size, int(span)))
    assert headless == [], "arrows drawn without their heads (viewport width, x, shaft, head)"
    page.close()


if __name__ == "__main__":
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else SITE
    for kind, count in sorted(scan_site(site).items()):
        print(f"{count:5d}  {kind}")

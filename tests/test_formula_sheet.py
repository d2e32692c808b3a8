"""The formula sheet (book/back/formulas.md, made by book/_ext/formulas.py).

Site checks (marked `site`, run after the strict build): every result of the course's one-page
sheet has an entry; every entry links to the lesson, in the table of contents, that derives it
and to the equation's anchor there; every formula on the sheet is the lesson's own, the same
MathML as the lesson shows and as Temml makes from the lesson's source; printed by Chromium, the
sheet takes at most two A4 pages. Two fast unit tests build a tiny Sphinx project: a label that
names no equation is a warning naming the sheet and the label, and an edited equation reaches
the sheet on an incremental build.
"""

import io
import os
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from test_site import HTML, PAGES, ROOT

site = pytest.mark.site
SHEET = "book/back/formulas"
sys.path.insert(0, str(ROOT / "book" / "_ext"))
sys.path.insert(0, str(ROOT / "tools"))

#: The course's one-page formula sheet, item by item, and the book's additions, each with the
#: lesson equations (labels) that must be on the sheet for it.
COURSE = {
    "definition of the derivative (a limit)": ["eq-derivative"],
    "sum rule": ["eq-sum-rule"],
    "power rule": ["eq-power-rule-any"],
    "product rule": ["eq-product-rule"],
    "chain rule": ["eq-chain-rule"],
    "total derivative": ["eq-anything-total-general"],
    "derivative of 1/x": ["eq-special-reciprocal"],
    "derivative of sin x": ["eq-special-sin"],
    "derivative of cos x": ["eq-special-cos"],
    "derivative of exp x": ["eq-special-exp"],
    "Jacobian": ["eq-jacobian-def"],
    "Hessian": ["eq-hessian-2x2"],
    "Taylor series in one variable": ["eq-taylor-series"],
    "multivariate Taylor series": ["eq-multivariate-taylor-series"],
    "Newton-Raphson": ["eq-newton-raphson-step"],
    "grad": ["eq-gradient-def"],
    "directional derivative": ["eq-gradient-directional"],
    "gradient descent": ["eq-gradient-descent-step"],
    "Lagrange multipliers": ["eq-lagrange-multipliers-condition"],
    "chi-squared": ["eq-nonlinear-least-squares-chi2-sum"],
    "gradient of chi-squared": ["eq-nonlinear-least-squares-gradient"],
    "gradient step on chi-squared": ["eq-fitting-methods-steepest"],
    # the book's additions
    "backpropagation's chain of Jacobians": ["eq-more-chain-general", "eq-train-backprop"],
    "Gauss-Newton": ["eq-fitting-methods-gn"],
    "Levenberg-Marquardt": ["eq-fitting-methods-lm"],
}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def sheet_entries():
    """Each entry of the built sheet: (name, [its <math>s], [(page, label) of its eq links],
    [pages of its lesson links])."""
    page = HTML / f"{SHEET}.html"
    entries = []
    for entry in soup(page).select("main div.formula-entry"):
        name = entry.select_one(".formula-name").get_text(" ", strip=True)
        maths = [div.find("math") for div in entry.select("div.math")]
        equations, lessons = [], []
        for link in entry.select("p.formula-source a"):
            target = (page.parent / link["href"].split("#")[0]).resolve()
            docname = target.relative_to(HTML.resolve()).with_suffix("").as_posix()
            if "#" in link["href"]:
                equations.append((docname, link["href"].split("#")[1]))
            else:
                lessons.append(docname)
        entries.append((name, maths, equations, lessons))
    return entries


@pytest.fixture(scope="module")
def entries():
    if not (HTML / f"{SHEET}.html").exists():
        pytest.fail(f"no {SHEET}.html in {HTML}: build the book first")
    found = sheet_entries()
    assert len(found) >= 20, f"the sheet has {len(found)} entries"
    return found


@site
def test_every_item_of_the_course_sheet_has_an_entry(entries):
    on_sheet = {anchor for _, _, equations, _ in entries for _, anchor in equations}
    missing = {item: labels for item, labels in COURSE.items()
               if any(f"equation-{label}" not in on_sheet for label in labels)}
    assert missing == {}, f"items of the course's sheet with no entry: {missing}"


@site
def test_every_entry_has_a_name_formulas_and_one_link_per_formula(entries):
    for name, maths, equations, lessons in entries:
        assert name, "an entry without a name"
        assert maths and all(m is not None for m in maths), f"{name}: no formula"
        assert len(equations) == len(maths), (
            f"{name}: {len(maths)} formulas, {len(equations)} links")
        assert lessons and set(lessons) == {page for page, _ in equations}, (
            f"{name}: lesson links {lessons} differ from the equations' pages {equations}")


@site
def test_every_link_goes_to_a_lesson_in_the_table_of_contents_and_an_anchor_on_it(entries):
    for name, _, equations, lessons in entries:
        for page in lessons:
            assert page in PAGES and page.startswith("book/0"), f"{name}: {page} is not a lesson"
            assert (HTML / f"{page}.html").exists(), f"{name}: {page}.html was not built"
        for page, anchor in equations:
            assert soup(HTML / f"{page}.html").find(id=anchor) is not None, (
                f"{name}: no #{anchor} on {page}")


@site
def test_each_formula_is_the_lessons_own_mathml(entries):
    for name, maths, equations, _ in entries:
        lesson_maths = []
        for page, anchor in equations:
            target = soup(HTML / f"{page}.html").find(id=anchor)
            lesson_maths.append(str(target.find("math")))
        assert Counter(map(str, maths)) == Counter(lesson_maths), (
            f"{name}: the sheet's formulas differ from the lessons'")


def lesson_latex(page: str, label: str) -> str:
    """The LaTeX of the block `$$ ... $$ (label)` in the lesson's source, read directly."""
    lines = (ROOT / f"{page}.md").read_text(encoding="utf-8").splitlines()
    closing = re.compile(rf"\$\$\s*\({re.escape(label)}\)\s*")
    end = [k for k, line in enumerate(lines) if closing.fullmatch(line)]
    assert len(end) == 1, f"{page}.md has {len(end)} blocks labelled {label}"
    start = max(k for k in range(end[0]) if lines[k].strip() == "$$")
    return "\n".join(lines[start + 1:end[0]]) + "\n"


@site
def test_each_formula_is_temml_of_the_lessons_source(entries):
    from mathml import display_latex, tex_to_mathml

    for name, maths, equations, _ in entries:
        expected = []
        for page, anchor in equations:
            latex = display_latex(lesson_latex(page, anchor.removeprefix("equation-"))).strip()
            expected.append(BeautifulSoup(tex_to_mathml(latex, True), "html.parser").find("math"))
        assert Counter(map(str, maths)) == Counter(map(str, expected)), (
            f"{name}: a formula is not the lesson's source as Temml renders it")


@site
def test_the_sheet_has_no_duplicate_ids_and_its_style_sheet_only_itself():
    page = soup(HTML / f"{SHEET}.html")
    ids = Counter(tag["id"] for tag in page.find_all(id=True))
    assert [i for i, n in ids.items() if n > 1] == []
    bundle = lambda p: (p.parent / soup(p).select_one("link[rel=stylesheet]")["href"]).read_text()
    sheet_css = bundle(HTML / f"{SHEET}.html")
    assert "@media print" in sheet_css and ".formula-entry" in sheet_css
    lesson = HTML / "book/01-what-is-calculus/definition.html"
    assert "formula-entry" not in bundle(lesson), "the sheet's styles reached a lesson page"


@pytest.fixture(scope="module")
def printed():
    """The sheet printed to PDF by Chromium (A4), and the page it was printed from."""
    from chromium import FLAGS, PATH as CHROMIUM

    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    import serve
    from playwright.sync_api import sync_playwright

    server = serve.start(HTML)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/{SHEET}.html",
                      wait_until="networkidle")
            pdf = page.pdf(format="A4")
            page.emulate_media(media="print")
            hidden = page.eval_on_selector_all(
                "div.formula-entry", "es => es.filter(e => !e.getClientRects().length"
                " || e.getBoundingClientRect().height < 10).length")
            count = page.eval_on_selector_all("div.formula-entry", "es => es.length")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return pdf, hidden, count


@site
def test_the_sheet_prints_on_two_sides_of_a4(printed):
    pdf, _, _ = printed
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    assert 1 <= pages <= 2, f"the printed sheet has {pages} pages"


@site
def test_every_entry_is_printed(printed, entries):
    _, hidden, count = printed
    assert count == len(entries) and hidden == 0, f"{hidden} of {count} entries not printed"


def test_an_unknown_label_is_a_warning_naming_the_sheet_and_the_label(tmp_path):
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / 'book' / '_ext')!r})\n"
        "extensions = ['myst_parser', 'mathml', 'formulas']\n"
        "myst_enable_extensions = ['dollarmath']\nhtml_math_renderer = 'mathml'\n")
    (src / "index.md").write_text("# Book\n\n```{toctree}\nlesson\nsheet\n```\n")
    (src / "lesson.md").write_text("# Lesson\n\n$$\ne^{x} = 1 + x\n$$ (eq-known)\n")
    (src / "sheet.md").write_text("# Sheet\n\n```{formula} eq-known\nKnown\n```\n\n"
                                  "```{formula} eq-nowhere\nUnknown\n```\n")
    warnings = io.StringIO()
    app = Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "html",
                 status=None, warning=warnings, freshenv=True)
    app.build()
    lines = [line for line in warnings.getvalue().splitlines() if "WARNING" in line]
    assert len(lines) == 1 and "sheet" in lines[0] and "'eq-nowhere'" in lines[0], lines
    assert re.search(r"sheet\.md:\d+", lines[0]), lines  # the line of the directive
    html = (tmp_path / "out" / "sheet.html").read_text()
    lesson = (tmp_path / "out" / "lesson.html").read_text()
    copied = re.findall(r"<math.*?</math>", html.split('class="formula-entry', 1)[1], re.S)
    assert copied and copied[0] in lesson, "the known label's formula was not copied"
    assert 'href="lesson.html#equation-eq-known"' in html
    assert html.count('id="equation-eq-known"') == 0


def test_an_edited_equation_reaches_the_sheet_on_an_incremental_build(tmp_path):
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / 'book' / '_ext')!r})\n"
        "extensions = ['myst_parser', 'formulas']\nmyst_enable_extensions = ['dollarmath']\n")
    (src / "index.md").write_text("# Book\n\n```{toctree}\nlesson\nsheet\n```\n")
    (src / "sheet.md").write_text("# Sheet\n\n```{formula} eq-known\nKnown\n```\n")
    lesson = src / "lesson.md"
    for formula in ("e^{x} = 1 + x", "e^{x} = 1 + x + x^2/2"):
        lesson.write_text(f"# Lesson\n\n$$\n{formula}\n$$ (eq-known)\n")
        Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "html",
               status=None, warning=io.StringIO()).build()
        assert formula.replace("^", "").split("=")[1].strip() in (
            (tmp_path / "out" / "sheet.html").read_text().replace("^", "")), formula


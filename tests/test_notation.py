"""The notation page (book/back/notation.md) lists exactly the notation the lessons use.

A *notation token* is a LaTeX command inside the lessons' mathematics (every `$...$` and
`$$...$$` of every page in _toc.yml outside the "Reader's tools" part, code cells excluded):
a Greek letter, an operator such as \\nabla or \\partial, a named function such as \\ln, a
relation such as \\approx, a font command with its argument (\\mathbf{x}, \\mathsf{T},
\\mathcal{L}, \\boldsymbol{\\delta}, \\operatorname{diag}) ... except the layout commands in
LAYOUT. Plain letters (x, h, J, W) are not tokens, since every letter is a variable somewhere;
the rows that name them are checked the other way: each symbol a row shows must occur, as
written, in a lesson, and on the page the row says introduces it.

Both directions must hold: every token a lesson uses is in the table's Symbol column, and every
token of the Symbol column occurs in some lesson. The site tests check that every row's
"Introduced" links reach a page of the book and an anchor that exists there.
"""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTATION = ROOT / "book" / "back" / "notation.md"

#: Commands that only lay mathematics out and denote nothing by themselves. Fractions and
#: their sizes (the bar is school arithmetic); sizing and grouping of brackets; spacing and
#: line breaks; environments (matrices, aligned lines); words set in roman; the braces that
#: annotate a term; ellipses ("and so on").
LAYOUT = {
    r"\frac", r"\dfrac", r"\tfrac",
    r"\left", r"\right", r"\big", r"\Big", r"\bigl", r"\bigr", r"\{", r"\}",
    r"\,", r"\;", r"\!", r"\ ", r"\quad", r"\qquad", "\\\\", r"\displaystyle",
    r"\begin", r"\end",
    r"\text",
    r"\underbrace",
    r"\dots", r"\ldots", r"\cdots", r"\vdots", r"\ddots",
}

FONTS = "mathbf|mathsf|mathcal|mathbb|mathrm|boldsymbol|operatorname"
TOKEN = re.compile(
    rf"\\(?P<font>{FONTS})\s*(?:\{{\s*(?P<arg>\\?[A-Za-z0-9]+)\s*\}}|(?P<bare>\\[A-Za-z]+|[A-Za-z0-9]))"
    r"|\\[A-Za-z]+|\\.",
    re.S)
MATH = re.compile(r"\$\$(?P<display>.+?)\$\$|(?<![\\$])\$(?!\$)(?P<inline>.+?)(?<!\\)\$", re.S)


def toc_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries:
            pages.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc["parts"]:
        walk(part["chapters"])
    return pages


PAGES = toc_pages()
LESSONS = [p for p in PAGES if not p.startswith(("book/back/", "book/api/"))]


def prose(text: str) -> str:
    """A page's text without its front matter, code cells, inline code and comments."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"^(`{3,})\{code-cell\}.*?^\1\s*$", "", text, flags=re.M | re.S)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return re.sub(r"(\{[^}\s]+\}`[^`\n]*`)|`[^`\n]*`", lambda m: m[1] or "", text)


def maths(text: str) -> list[str]:
    """The LaTeX of every inline and displayed formula in a page's prose."""
    return [m["display"] or m["inline"] for m in MATH.finditer(prose(text))]


def tokens(latex: str) -> set[str]:
    """The notation tokens of a piece of LaTeX: \\mathsf T and \\mathsf{T} are one token."""
    found = set()
    for m in TOKEN.finditer(latex):
        if m["font"]:
            found.add(rf"\{m['font']}{{{m['arg'] or m['bare']}}}")
        elif re.sub(r"\\\s", r"\\ ", m[0]) not in LAYOUT:   # a control space may end a line
            found.add(m[0])
    return found


def normal(latex: str) -> str:
    """LaTeX compared as written: spacing and fraction sizes do not matter."""
    latex = re.sub(rf"\\({FONTS})\s*([A-Za-z0-9])", r"\\\1{\2}", latex)
    latex = re.sub(r"\\[dt]frac", r"\\frac", latex)
    latex = re.sub(r"\\[,;! ]|\\q?quad", "", latex)
    return re.sub(r"\s+", "", latex)


def lesson_maths() -> dict[str, list[str]]:
    return {page: maths((ROOT / f"{page}.md").read_text("utf-8")) for page in LESSONS}


def rows() -> list[tuple[str, str, str]]:
    """The (symbol, meaning, introduced) cells of every table row of the notation page."""
    found = []
    for line in prose(NOTATION.read_text("utf-8")).splitlines():
        if not line.startswith("|") or re.fullmatch(r"\|[-:| ]+\|", line.strip()):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        assert len(cells) == 3, f"a row without exactly three cells: {line}"
        if cells[0] == "Symbol":
            continue
        found.append(tuple(cells))
    return found


ROWS = rows()
LESSON_MATHS = lesson_maths()


def symbols(cell: str) -> list[str]:
    """The formulas of a Symbol cell, such as `$\\nabla f$, $\\nabla f(\\mathbf{p})$`."""
    return [m["inline"] for m in MATH.finditer(cell) if m["inline"]]


def introduced_page(cell: str) -> str:
    """The toc page an Introduced cell's {doc} link points to, relative to the root."""
    docs = re.findall(r"\{doc\}`(?:[^`<]*<)?([^`>]+)>?`", cell)
    assert len(docs) == 1, f"an Introduced cell needs one {{doc}} link: {cell}"
    return (NOTATION.parent / docs[0]).resolve().relative_to(ROOT).as_posix()


def test_the_page_has_a_table_of_many_rows():
    assert len(ROWS) > 80
    assert all(symbols(symbol) for symbol, _, _ in ROWS), "a Symbol cell without a formula"


def test_every_token_a_lesson_uses_is_in_the_table():
    table = set().union(*(tokens(s) for row in ROWS for s in symbols(row[0])))
    missing = {}
    for page, formulas in LESSON_MATHS.items():
        for latex in formulas:
            for token in tokens(latex) - table:
                missing.setdefault(token, page)
    assert not missing, f"tokens the notation table lacks (first page): {missing}"


def test_every_token_of_the_table_is_used_in_a_lesson():
    used = set().union(*(tokens(latex) for formulas in LESSON_MATHS.values()
                         for latex in formulas))
    unused = {t for row in ROWS for s in symbols(row[0]) for t in tokens(s)} - used
    assert not unused, f"the table lists tokens no lesson uses: {sorted(unused)}"


@pytest.mark.parametrize("row", ROWS, ids=[row[0] for row in ROWS])
def test_each_symbol_occurs_as_written_on_the_page_that_introduces_it(row):
    symbol, meaning, introduced = row
    page = introduced_page(introduced)
    assert page in LESSONS, f"{symbol}: introduced on {page}, not a lesson in _toc.yml"
    written = [normal(latex) for latex in LESSON_MATHS[page]]
    for latex in symbols(symbol):
        assert any(normal(latex) in formula for formula in written), (
            f"{latex} does not occur in the mathematics of {page}")
    assert meaning, f"{symbol}: no meaning"


@pytest.mark.parametrize("row", ROWS, ids=[row[0] for row in ROWS])
def test_each_introduced_label_is_defined_on_that_page(row):
    symbol, _, introduced = row
    source = (ROOT / f"{introduced_page(introduced)}.md").read_text("utf-8")
    for label in re.findall(r"\{eq\}`([^`]+)`", introduced):
        assert re.search(rf"^\$\$\s*\({re.escape(label)}\)\s*$", source, re.M), (
            f"{symbol}: equation {label} is not on the page")
    for label in re.findall(r"\{prf:ref\}`(?:[^`<]*<)?([^`>]+)>?`", introduced):
        assert re.search(rf"^:label:\s*{re.escape(label)}\s*$", source, re.M), (
            f"{symbol}: box {label} is not on the page")


def test_the_convention_is_stated_once_and_links_to_the_jacobian_lesson():
    text = NOTATION.read_text("utf-8")
    assert len(re.findall(r"\bROW vector|\brow vector", text, re.I)) == 1
    assert "02-multivariate-calculus/jacobian" in text


def test_the_tokeniser_finds_what_it_should():
    """The test's own reference: a hand-checked formula."""
    latex = r"\nabla f = J_f^{\mathsf T} \approx \dfrac{\partial f}{\partial x}\, \mathbf{x} + \boldsymbol{\delta}"
    assert tokens(latex) == {r"\nabla", r"\mathsf{T}", r"\approx", r"\partial", r"\mathbf{x}",
                             r"\boldsymbol{\delta}"}
    assert normal(r"\dfrac{d f}{dx}") == normal(r"\frac{df}{dx}")

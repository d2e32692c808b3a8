"""Checks on the built site (_build/html), run by `make test` after the strict book build."""

import json
import os
import re
from pathlib import Path

import pytest
import snowballstemmer
import yaml
from bs4 import BeautifulSoup

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]
#: The built site: the repository's _build/html, or MLCALC_HTML (a private build, e.g.
#: /tmp/mlcalc-pages-NAME/_build/html from tools/build_pages.sh). Every site test reads this.
HTML = Path(os.environ.get("MLCALC_HTML", ROOT / "_build" / "html"))


def toc_files(root: Path = ROOT) -> list[str]:
    """Every page in the table of contents of the project at `root`, in reading order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for entry in entries:
            files.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc["parts"]:
        walk(part["chapters"])
    return files


PAGES = toc_files()
CHAPTER_1 = [p for p in PAGES if p.startswith("book/01-")]
CHAPTER_2 = [p for p in PAGES if p.startswith("book/02-")]
CHAPTER_3 = [p for p in PAGES if p.startswith("book/03-")]
CHAPTER_4 = [p for p in PAGES if p.startswith("book/04-")]
CHAPTER_5 = [p for p in PAGES if p.startswith("book/05-")]
CHAPTER_6 = [p for p in PAGES if p.startswith("book/06-")]


@pytest.fixture(scope="module", autouse=True)
def built_site():
    if not (HTML / "search.html").exists():
        pytest.fail("no built site in _build/html: run `make book-strict` (or `make test`) first")


def soup(page):
    return BeautifulSoup((HTML / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("page", PAGES)
def test_every_toc_page_is_built_with_a_title(page):
    assert soup(page).find("h1") is not None


@pytest.mark.parametrize("page", PAGES)
def test_every_image_has_alt_text_and_every_figure_a_caption(page):
    doc = soup(page)
    for img in doc.select("main img"):
        assert img.get("alt", "").strip(), f"{page}: image {img.get('src')} has no alt text"
    for fig in doc.select("main figure"):
        assert fig.find("figcaption"), f"{page}: a figure has no caption"


@pytest.mark.parametrize("page", PAGES)
def test_no_cell_printed_to_stderr_or_raised(page):
    doc = soup(page)
    assert not doc.select(".output.stderr"), f"{page}: a cell wrote to stderr"
    assert not doc.select(".output.traceback"), f"{page}: a cell raised"


@pytest.mark.parametrize("chapter", [CHAPTER_1, CHAPTER_2, CHAPTER_3, CHAPTER_4, CHAPTER_5,
                                     CHAPTER_6],
                         ids=["chapter 1", "chapter 2", "chapter 3", "chapter 4", "chapter 5",
                              "chapter 6"])
def test_chapter_has_the_figures_exercises_and_boxes_the_issues_ask_for(chapter):
    figures = exercises = solutions = boxes = equations = 0
    for page in chapter:
        doc = soup(page)
        figures += len(doc.select("main figure img"))
        exercises += len(doc.select("div.exercise"))
        solutions += len(doc.select("div.solution"))
        boxes += len(doc.select("div.proof"))
        equations += len(doc.select("span.eqno"))
    assert figures >= 8
    assert exercises >= 8 and solutions >= exercises
    assert boxes >= 5
    assert equations >= 5


def test_every_stated_rule_is_checked_against_sympy():
    sources = [ROOT / f"{p}.md" for p in CHAPTER_1]
    checks = sum(s.read_text().count("check_derivative(") for s in sources)
    assert checks >= 20


def test_every_stated_partial_jacobian_and_hessian_is_checked_against_sympy():
    text = {p: (ROOT / f"{p}.md").read_text() for p in CHAPTER_2}
    calls = {p: sum(t.count(f"check_{k}(") for k in ("derivative", "jacobian", "hessian"))
             for p, t in text.items()}
    assert sum(calls.values()) >= 40
    for page in ("differentiate-anything", "jacobian", "jacobian-applied", "hessian"):
        assert calls[f"book/02-multivariate-calculus/{page}"] >= 5, page


def test_chapter_3_checks_its_formulas_against_sympy_and_its_gradients_numerically():
    assert len(CHAPTER_3) == 6
    text = {p: (ROOT / f"{p}.md").read_text() for p in CHAPTER_3}
    sympy = {p: sum(t.count(f"check_{k}(") for k in ("derivative", "jacobian", "hessian"))
                + t.count("sp.diff(") + t.count("sympy") for p, t in text.items()}
    for page in ("multivariate-chain-rule", "more-chain-rule", "neural-networks", "training",
                 "backpropagation-lab"):
        assert sympy[f"book/03-multivariate-chain-rule/{page}"] >= 2, page
    assert "gradient_check(" in text["book/03-multivariate-chain-rule/backpropagation-lab"]


def test_chapter_4_checks_its_series_against_sympy_and_cites_the_companion_book():
    assert len(CHAPTER_4) == 8
    text = {p: (ROOT / f"{p}.md").read_text() for p in CHAPTER_4}
    for page, source in text.items():
        if page.endswith("/index"):
            continue
        checks = sum(source.count(k) for k in ("check_derivative(", "check_jacobian(",
                                               "check_hessian(", "sp.series(", "sympy.series("))
        assert checks >= 2, f"{page}: {checks} SymPy checks of its formulas"
        assert "remove-cell" in source, f"{page}: no hidden check cell"
    for page in ("linearisation", "multivariate-taylor"):
        assert "sec. 5.8" in text[f"book/04-taylor-series/{page}"] or (
            "section 5.8" in text[f"book/04-taylor-series/{page}"]), page
    assert "taylor_explorer(" in text["book/04-taylor-series/examples"]


def test_chapter_5_checks_its_gradients_roots_and_multipliers_and_runs_scipy_beside_mlcalc():
    assert len(CHAPTER_5) == 6
    text = {p: (ROOT / f"{p}.md").read_text() for p in CHAPTER_5}
    for page, source in text.items():
        if page.endswith("/index"):
            continue
        checks = sum(source.count(k) for k in ("check_derivative(", "check_jacobian(",
                                               "check_hessian(", "sp.diff(", "sp.solve(",
                                               "sp.nsolve(", "np.roots(", "np.linalg.solve("))
        assert checks >= 2, f"{page}: {checks} independent checks of its formulas"
        assert "remove-cell" in source, f"{page}: no hidden check cell"
    practice = [p for p, t in text.items() if "scipy.optimize" in t or "from scipy import optimize" in t]
    assert len(practice) >= 3, practice
    assert "newton_explorer(" in text["book/05-optimisation/newton-raphson"]
    assert "descent_explorer(" in text["book/05-optimisation/sandpit-descent"]
    descent = text["book/05-optimisation/gradient-descent"]
    assert "Deisenroth, Faisal and Ong" in descent and "section 7.1" in descent  # momentum, SGD


#: What a reader downloads to see a page (HTML, styles, scripts and every figure, even those
#: folded in solutions, all gzipped): the site-quality issue's budget of 350 KiB a page,
#: which the sandpit game's page keeps too.
PAGE_BUDGET_KIB = 350


#: What a phone fetches before the reader scrolls (HTML, styles, scripts, fonts a stylesheet
#: asks for and the figures not loaded lazily, gzipped): the quality bar's 200 KiB.
FIRST_LOAD_BUDGET_KIB = 200


def page_files(page: str, *, first_load: bool) -> list[Path]:
    path = HTML / f"{page}.html"
    doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    files = [path]
    files += [path.parent / link["href"].split("?")[0] for link in doc.select("link[rel=stylesheet]")]
    files += [path.parent / script["src"].split("?")[0] for script in doc.select("script[src]")
              if "searchindex" not in script["src"]]
    files += [path.parent / block["data-src"] for block in doc.select("script[data-src]")]
    files += [path.parent / img["src"] for img in doc.select("main img")
              if not img["src"].startswith("data:")
              and not (first_load and img.get("loading") == "lazy")]
    return files


def page_weight(page: str, *, first_load: bool = False) -> float:
    import gzip

    files = page_files(page, first_load=first_load)
    return sum(len(gzip.compress(f.read_bytes(), 6)) for f in files) / 1024


@pytest.mark.parametrize("page", PAGES)
def test_page_weight_budget(page):
    weight = page_weight(page)
    assert weight <= PAGE_BUDGET_KIB, f"{page}: {weight:.0f} KiB gzipped, over {PAGE_BUDGET_KIB} KiB"


@pytest.mark.parametrize("page", PAGES)
def test_first_load_weight_budget(page):
    weight = page_weight(page, first_load=True)
    assert weight <= FIRST_LOAD_BUDGET_KIB, (
        f"{page}: {weight:.0f} KiB gzipped on first load, over {FIRST_LOAD_BUDGET_KIB} KiB")


@pytest.mark.parametrize("page", PAGES)
def test_every_glued_number_was_filled_in(page):
    # a number quoted from a computation is pasted by myst-nb's glue role (prose, captions)
    # or by book/_ext/glue_alt.py (alt texts); a placeholder left in the page means neither ran
    html = (HTML / f"{page}.html").read_text(encoding="utf-8")
    assert "{glue" not in html, f"{page}: a glue placeholder was not filled in"


def test_sandpit_script_and_data_only_on_the_sandpit_page():
    for page in PAGES:
        html = (HTML / f"{page}.html").read_text(encoding="utf-8")
        playing = page == "book/02-multivariate-calculus/sandpit"
        loads = re.search(r'<script[^>]*\bsrc="[^"]*/sandpit\.js', html) is not None
        assert loads == playing, page
        holds = re.search(r'<script[^>]*type="application/json" id="sandpit-data"', html)
        assert (holds is not None) == playing, page


def test_chapter_6_checks_its_formulas_fits_real_data_and_runs_scipy_beside_mlcalc():
    assert len(CHAPTER_6) == 6
    text = {p: (ROOT / f"{p}.md").read_text() for p in CHAPTER_6}
    for page, source in text.items():
        if page.endswith("/index"):
            continue
        checks = sum(source.count(k) for k in ("check_derivative(", "check_jacobian(",
                                               "check_hessian(", "sp.diff(", "sp.solve(",
                                               "sp.simplify(", "sp.hessian(", "np.polyfit(",
                                               "linregress(", "curve_fit(", "np.linalg.lstsq("))
        assert checks >= 2, f"{page}: {checks} independent checks of its formulas"
        assert "remove-cell" in source, f"{page}: no hidden check cell"
    practice = [p for p, t in text.items() if "scipy.optimize" in t or "from scipy import" in t]
    assert len(practice) >= 3, practice
    for page, dataset in [("linear-regression", "anscombe()"), ("linear-regression", "galton_heights("),
                          ("nonlinear-least-squares", "puromycin()"), ("heights-lab", "galton_heights("),
                          ("in-practice", "nist(")]:
        assert dataset in text[f"book/06-regression/{page}"], (page, dataset)
    assert "fit_explorer(" in text["book/06-regression/heights-lab"]
    closing = (ROOT / "book/closing.md").read_text()
    assert "Mathematics for Machine Learning" in closing and "automatic differentiation" in closing


def test_large_data_blocks_are_files_fetched_after_the_page_paints():
    # book/_ext/lean_site/scripts.py moves each explorer's data block of more than 8 KiB into
    # _static/data/ (the page then paints about a second sooner on a slow phone)
    referenced = set()
    for page in PAGES:
        path = HTML / f"{page}.html"
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for block in doc.select('script[type="application/json"]'):
            if block.get("data-src"):
                assert block.string is None or not block.string.strip(), page
                target = (path.parent / block["data-src"]).resolve()
                assert target.parent == (HTML / "_static" / "data").resolve(), page
                data = target.read_text(encoding="utf-8")
                assert len(data.encode()) > 8 * 1024 and isinstance(json.loads(data), dict)
                referenced.add(target)
            else:
                assert len(block.string.encode()) <= 8 * 1024, f"{page}: {block['id']} inline"
    assert len(referenced) >= 6  # sandpit, scrubber, Taylor, Newton, descent, fit
    assert {p.resolve() for p in (HTML / "_static" / "data").glob("*")} == referenced


def search(query):
    """Pages that Sphinx's search would list for every word of `query`."""
    text = (HTML / "searchindex.js").read_text()
    index = json.loads(text[text.index("(") + 1: text.rindex(")")])
    stem = snowballstemmer.stemmer("english").stemWord
    found = None
    for word in re.findall(r"\w+", query.lower()):
        hits = set()
        for table in ("terms", "titleterms"):
            docs = index[table].get(stem(word), [])
            hits |= {docs} if isinstance(docs, int) else set(docs)
        found = hits if found is None else found & hits
    return {index["docnames"][i] for i in found}


def test_search_page_and_index_exist():
    assert "searchindex.js" in (HTML / "search.html").read_text()


@pytest.mark.parametrize("query,page", [
    ("derivative", "book/01-what-is-calculus/definition"),
    ("chain rule", "book/01-what-is-calculus/chain-rule"),
    ("product rule", "book/01-what-is-calculus/product-rule"),
    ("beast", "book/01-what-is-calculus/taming-the-beast"),
])
def test_search_finds_the_right_pages(query, page):
    assert page in search(query)


@pytest.mark.parametrize("page", PAGES + ["search"])
def test_every_icon_is_inline_svg(page):
    # the icon font is not shipped: an icon left as <i class="fa-..."> would be invisible
    doc = soup(page)
    left = [t.name for t in doc.find_all(class_=re.compile(r"^fa-|^fa$|^fas$|^fab$"))]
    assert left == [], f"{page}: icons not replaced by SVG: {left}"
    assert doc.select("button.primary-toggle svg.svg-inline--fa")


@pytest.mark.parametrize("page", PAGES)
def test_math_has_no_unconverted_alignment(page):
    # an environment latex2mathml does not know leaves a literal "&" and a line break that
    # browsers ignore, so the lines of a derivation run together
    html = (HTML / f"{page}.html").read_text(encoding="utf-8")
    assert "<mi>&amp;</mi>" not in html and 'linebreak="newline"' not in html, page

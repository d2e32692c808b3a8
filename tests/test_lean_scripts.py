"""book/_ext/lean_site/scripts.py: which scripts a page loads and when, and explorers' large data
moved out of the page."""

import json
import re

import pytest
from bs4 import BeautifulSoup

import explorer_pages
from mlcalc import widgets

scripts = explorer_pages.lean_site().scripts
LIMIT = scripts.DATA_INLINE_LIMIT

THEBE = ('<script>const THEBE_JS_URL = "https://unpkg.com/thebe@0.8.2/lib/index.js"; '
         'const thebe_selector = ".thebe,.cell"</script>\n')
HEAD = f"""<head>
<script src="../_static/scripts/fontawesome.js?digest=55c2"></script>
<link href="../_static/sphinx-thebe.css?v=4fa983c6" rel="stylesheet" type="text/css" />
<script async="async" src="../_static/sphinx-thebe.js?v=c100c467"></script>
{THEBE}{THEBE}<script src="../_static/doctools.js?v=9a2dae69"></script>
<script src="../_static/searchtools.js"></script>
<script src="../_static/language_data.js"></script>
<script src="../searchindex.js"></script>
<script async src="https://example.org/counter.js"></script>
<script defer src="../_static/already.js"></script>
<script>var inline = 1;</script>
<link rel="stylesheet" href="../_static/pygments.css" />
</head>"""


def script_sources(text: str) -> list[str]:
    return [s["src"] for s in BeautifulSoup(text, "html.parser").find_all("script", src=True)]


class TestLighten:
    def test_thebe_and_font_awesome_go(self):
        out = scripts.lighten(HEAD, "book/chapter.html")
        assert "thebe" not in out.lower() and "fontawesome" not in out
        assert '<link rel="stylesheet" href="../_static/pygments.css" />' in out
        assert "<script>var inline = 1;</script>" in out

    @pytest.mark.parametrize("page,kept", [("book/chapter.html", False), ("index.html", False),
                                           ("search.html", True)])
    def test_the_search_index_is_loaded_only_by_the_search_page(self, page, kept):
        sources = script_sources(scripts.lighten(HEAD, page))
        search = {"../_static/searchtools.js", "../_static/language_data.js", "../searchindex.js"}
        assert search & set(sources) == (search if kept else set())
        assert "../_static/doctools.js?v=9a2dae69" in sources

    def test_every_script_is_deferred_once_unless_async(self):
        out = scripts.lighten(scripts.lighten(HEAD, "search.html"), "search.html")
        tags = BeautifulSoup(out, "html.parser").find_all("script", src=True)
        assert tags and all(t.has_attr("defer") != t.has_attr("async") for t in tags)
        assert not re.search(r"\bdefer\b[^>]*\bdefer\b", out)
        assert '<script async src="https://example.org/counter.js">' in out


    def test_a_moved_data_block_is_not_deferred(self):
        """An incremental build runs lighten again over pages whose data blocks moved out
        already: their data-src is not a script's src."""
        block = '<script type="application/json" id="d" data-src="_static/data/d-0.json"></script>'
        assert scripts.lighten(block, "book/chapter.html") == block


class TestInlineOptions:
    def test_documentation_options_are_inlined_where_the_script_was(self, tmp_path):
        code = "const DOCUMENTATION_OPTIONS = {\n    VERSION: '',\n    LANGUAGE: 'en',\n};\n"
        (tmp_path / "_static").mkdir()
        (tmp_path / "_static/documentation_options.js").write_text(code, encoding="utf-8")
        text = ('<script>a</script>\n<script defer src="../_static/documentation_options.js'
                '?v=5929fcd5"></script>\n<script defer src="../_static/doctools.js"></script>')
        out = scripts.inline_options(tmp_path / "book/chapter.html", text)
        assert out == f"<script>a</script>\n<script>{code.strip()}</script>\n" \
                      '<script defer src="../_static/doctools.js"></script>'

    def test_a_page_without_them_is_unchanged(self, tmp_path):
        text = '<script defer src="_static/doctools.js"></script>'
        assert scripts.inline_options(tmp_path / "index.html", text) == text


def block(block_id: str, payload: str) -> str:
    return f'<script type="application/json" id="{block_id}">{payload}</script>'


def payload_of(size: int, char: str = "x") -> str:
    """A JSON string of exactly `size` UTF-8 bytes, `char` being one or two bytes."""
    width = len(char.encode("utf-8"))
    text = json.dumps(char * ((size - 2) // width) + "y" * ((size - 2) % width),
                      ensure_ascii=False)
    assert len(text.encode("utf-8")) == size
    return text


class TestMoveDataBlocks:
    def test_a_block_at_the_limit_stays_in_the_page(self, tmp_path):
        text = f"<p>x</p>{block('fit-1', payload_of(LIMIT))}<p>y</p>"
        assert scripts.move_data_blocks(tmp_path, tmp_path / "page.html", text) == text
        assert not (tmp_path / "_static" / "data").exists()

    @pytest.mark.parametrize("char", ["x", "é"])  # the limit is in bytes, not characters
    def test_a_block_over_the_limit_moves_to_a_file_named_from_the_page(self, tmp_path, char):
        payload = payload_of(LIMIT + 1, char)
        page = tmp_path / "book" / "chapter" / "page.html"
        out = scripts.move_data_blocks(tmp_path, page, f"<p>x</p>{block('fit-1', payload)}<p>y</p>")
        (tag,) = BeautifulSoup(out, "html.parser").find_all("script")
        assert tag["id"] == "fit-1" and tag["type"] == "application/json" and tag.string is None
        assert tag["data-src"].startswith("../../_static/data/")
        target = (page.parent / tag["data-src"]).resolve()
        assert target.parent == (tmp_path / "_static" / "data").resolve()
        assert re.fullmatch(r"fit-1-[0-9a-f]{10}\.json", target.name)
        assert target.read_bytes() == payload.encode("utf-8")
        assert out.startswith("<p>x</p>") and out.endswith("<p>y</p>")

    def test_the_file_is_named_by_its_content(self, tmp_path):
        big, other = payload_of(LIMIT + 100), json.dumps(["z" * (LIMIT + 100)])
        pages = [(tmp_path / "a.html", big), (tmp_path / "book/b.html", big),
                 (tmp_path / "c.html", other)]
        files = []
        for page, payload in pages:
            out = scripts.move_data_blocks(tmp_path, page, block("d", payload))
            src = re.search(r'data-src="([^"]+)"', out).group(1)
            files.append((page.parent / src).resolve())
        assert files[0] == files[1] != files[2]
        assert len(list((tmp_path / "_static/data").iterdir())) == 2

    def test_only_the_large_blocks_of_a_page_move(self, tmp_path):
        small, large = payload_of(100), payload_of(LIMIT + 1)
        text = block("a", small) + block("b", large) + block("c", small)
        out = scripts.move_data_blocks(tmp_path, tmp_path / "page.html", text)
        soup = BeautifulSoup(out, "html.parser")
        assert [(s["id"], s.string, s.has_attr("data-src")) for s in soup.find_all("script")] == [
            ("a", small, False), ("b", None, True), ("c", small, False)]


def test_remove_stale_data_keeps_the_files_that_pages_name(tmp_path):
    data = tmp_path / "_static" / "data"
    data.mkdir(parents=True)
    for name in ("a-0000000000.json", "b-1111111111.json", "old-2222222222.json", "notes.txt"):
        (data / name).write_text("[]")
    pages = [tmp_path / "index.html", tmp_path / "book" / "chapter.html"]
    pages[1].parent.mkdir()
    pages[0].write_text('<script type="application/json" id="a" '
                        'data-src="_static/data/a-0000000000.json"></script>')
    pages[1].write_text('<script type="application/json" id="b" '
                        'data-src="../_static/data/b-1111111111.json"></script>')
    scripts.remove_stale_data(tmp_path, pages)
    assert sorted(p.name for p in data.iterdir()) == ["a-0000000000.json", "b-1111111111.json",
                                                      "notes.txt"]


class TestAddPageScripts:
    class App:
        def __init__(self):
            self.added = []

        def add_js_file(self, name, **kwargs):
            self.added.append((name, kwargs))

    def run(self, body: str) -> list[str]:
        app = self.App()
        scripts.add_page_scripts(app, "page", "page.html", {"body": body}, None)
        assert all(kwargs == {"loading_method": "defer"} for _, kwargs in app.added)
        return [name for name, _ in app.added]

    @pytest.mark.parametrize("name,script", sorted(widgets.SCRIPTS.items()))
    def test_an_explorer_gets_explorer_js_then_its_script(self, name, script):
        body = f'<p>Text</p><div class="{name}" data-source="{name}-1" role="group"></div>'
        assert self.run(body) == ["explorer.js", script]

    def test_two_explorers_get_explorer_js_once(self):
        body = '<div class="mlcalc-fit"></div><div class="mlcalc-newton"></div>' * 2
        added = self.run(body)
        assert added[0] == "explorer.js" and sorted(added[1:]) == ["fit.js", "newton.js"]

    @pytest.mark.parametrize("context", [{"body": "<p>The mlcalc-fit explorer.</p>"}, {}])
    def test_a_page_without_explorers_gets_nothing(self, context):
        app = self.App()
        scripts.add_page_scripts(app, "page", "page.html", context, None)
        assert app.added == []

    def test_the_explorers_are_those_of_mlcalc(self):
        assert scripts.EXPLORERS == widgets.SCRIPTS

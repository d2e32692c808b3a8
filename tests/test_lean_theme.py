"""book/_ext/lean_site/theme.py: fixes to the pinned theme's markup and script."""

import logging
import shutil
import subprocess
from pathlib import Path

import pydata_sphinx_theme
import pytest
from bs4 import BeautifulSoup

import explorer_pages

theme = explorer_pages.lean_site().theme
LOGGER = "sphinx.lean_site.theme"
PINNED = (Path(pydata_sphinx_theme.__file__).parent
          / "theme/pydata_sphinx_theme/static/scripts/pydata-sphinx-theme.js")

# the three viewport tags of Sphinx's basic layout and the two themes
PAGE = """<html><head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<meta name="description" content="A page.">
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>Page</title>
<meta name="viewport" content="width=device-width, initial-scale=1" />
</head><body>
<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar">
<details><summary><span class="toctree-toggle"></span></summary><ul><li>Chapter</li></ul></details>
</div>
<pre>a = 1</pre>
<div class="highlight"><pre><span></span>b = 2</pre></div>
<pre tabindex="-1">c = 3</pre>
<details class="sd-dropdown"><summary class="sd-summary-title">Solution</summary></details>
</body></html>"""


class TestFixMarkup:
    def test_one_viewport_stays_in_the_place_of_the_first(self):
        soup = BeautifulSoup(theme.fix_markup(PAGE), "html.parser")
        metas = soup.head.find_all("meta")
        assert [m.get("name") or "charset" for m in metas] == ["charset", "viewport", "description"]
        assert metas[1]["content"] == "width=device-width, initial-scale=1"
        assert soup.head.title.string == "Page"

    def test_a_page_with_one_viewport_keeps_it(self):
        text = '<head><meta name="viewport" content="width=400">\n<title>x</title></head>'
        assert theme.fix_markup(text) == text

    def test_code_blocks_are_focusable_unless_they_say_otherwise(self):
        soup = BeautifulSoup(theme.fix_markup(PAGE), "html.parser")
        assert [pre.get("tabindex") for pre in soup.find_all("pre")] == ["0", "0", "-1"]

    def test_the_navigations_disclosure_is_named_and_others_left_alone(self):
        summaries = BeautifulSoup(theme.fix_markup(PAGE), "html.parser").find_all("summary")
        assert summaries[0]["aria-label"] == "Show or hide the pages of this chapter"
        assert not summaries[1].has_attr("aria-label")

    def test_the_sidebar_is_a_landmark(self):
        soup = BeautifulSoup(theme.fix_markup(PAGE), "html.parser")
        sidebar = soup.find(id="pst-primary-sidebar")
        assert sidebar["role"] == "complementary" and sidebar["aria-label"] == "Book navigation"
        assert sidebar["class"] == ["bd-sidebar-primary", "bd-sidebar"]

    def test_a_second_run_changes_nothing(self):
        once = theme.fix_markup(PAGE)
        assert theme.fix_markup(once) == once


@pytest.fixture
def site(tmp_path):
    """A built site whose theme script has the pinned theme's eager tab stops, and its map."""
    scripts = tmp_path / "_static" / "scripts"
    scripts.mkdir(parents=True)
    code = ('(()=>{"use strict";function I(){const e=()=>{};window.addEventListener("resize",e),'
            + theme.EAGER_TAB_STOPS + ';I()})();\n//# sourceMappingURL=pydata-sphinx-theme.js.map\n')
    (scripts / "pydata-sphinx-theme.js").write_text(code, encoding="utf-8")
    (scripts / "pydata-sphinx-theme.js.map").write_text("{}")
    (scripts / "bootstrap.js.map").write_text("{}")
    return tmp_path


def script(out: Path) -> Path:
    return out / "_static" / "scripts" / "pydata-sphinx-theme.js"


class TestPatchThemeScript:
    def test_tab_stops_become_lazy_and_the_map_goes(self, site):
        theme.patch_theme_script(site)
        code = script(site).read_text(encoding="utf-8")
        assert code.startswith(theme.LAZY_TAB_STOPS)
        assert theme.EAGER_TAB_STOPS not in code and "MutationObserver" not in code
        # the rest of the script calls it once, where the observer was
        assert code[len(theme.LAZY_TAB_STOPS):].count("mlcalcLazyTabStops()") == 1
        assert "sourceMappingURL" not in code
        assert not (site / "_static/scripts/pydata-sphinx-theme.js.map").exists()
        assert (site / "_static/scripts/bootstrap.js.map").exists()

    def test_a_second_run_changes_nothing(self, site, caplog):
        theme.patch_theme_script(site)
        once = script(site).read_bytes()
        with caplog.at_level(logging.WARNING, logger=LOGGER):
            theme.patch_theme_script(site)
        assert script(site).read_bytes() == once
        assert not [r for r in caplog.records if r.name == LOGGER]

    def test_a_changed_theme_script_is_a_warning_and_left_alone(self, site, caplog):
        changed = '(()=>{"use strict";new ResizeObserver(t)})();\n//# sourceMappingURL=x.js.map\n'
        script(site).write_text(changed, encoding="utf-8")
        with caplog.at_level(logging.WARNING, logger=LOGGER):
            theme.patch_theme_script(site)
        assert script(site).read_text(encoding="utf-8") == changed
        assert (site / "_static/scripts/pydata-sphinx-theme.js.map").exists()
        (record,) = [r for r in caplog.records if r.name == LOGGER]
        assert "EAGER_TAB_STOPS" in record.getMessage()

    def test_the_pinned_theme_script_has_the_eager_tab_stops_once(self):
        assert PINNED.read_text(encoding="utf-8").count(theme.EAGER_TAB_STOPS) == 1

    @pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
    def test_the_patched_pinned_script_is_valid_javascript(self, tmp_path):
        (tmp_path / "_static/scripts").mkdir(parents=True)
        shutil.copy(PINNED, script(tmp_path))
        theme.patch_theme_script(tmp_path)
        checked = subprocess.run(["node", "--check", str(script(tmp_path))],
                                 capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr


class TestPatchSearchScript:
    def test_a_missing_summary_becomes_an_empty_text(self, tmp_path):
        script = tmp_path / "_static" / "searchtools.js"
        script.parent.mkdir(parents=True)
        script.write_text(f"listItem.appendChild(\n  {theme.SEARCH_SUMMARY}\n);\n")
        theme.patch_search_script(tmp_path)
        once = script.read_text()
        assert theme.SEARCH_SUMMARY_SAFE in once
        theme.patch_search_script(tmp_path)
        assert script.read_text() == once

    def test_the_installed_sphinx_script_has_the_call_once(self):
        import sphinx

        source = (Path(sphinx.__file__).parent / "themes/basic/static/searchtools.js").read_text()
        assert source.count(theme.SEARCH_SUMMARY) == 1

"""Theme patches: fixes to the pinned sphinx-book-theme 1.3 / pydata-sphinx-theme 0.17 that
their options cannot make. A theme routine we patch that has changed is a build warning."""

import re
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

# The theme makes scrollable code blocks keyboard-focusable by reading the size of every block
# at load and after every change to the page: on a long page that lays it all out at once
# (a 350 ms task on a phone). Blocks are made focusable in the HTML instead (`fix_markup`), and
# the check runs for each block as it scrolls into view.
EAGER_TAB_STOPS = ('new MutationObserver(t).observe(document.getElementById("main-content"),'
                   '{subtree:!0,childList:!0}),e()}')
LAZY_TAB_STOPS = (
    "function mlcalcLazyTabStops(){const io=new IntersectionObserver(es=>{for(const x of es)"
    "if(x.isIntersecting){const el=x.target;el.tabIndex=el.scrollWidth>el.clientWidth||"
    "el.scrollHeight>el.clientHeight?0:-1;io.unobserve(el)}});document.querySelectorAll("
    "'pre, .cell_output > .output, div.math > math').forEach(el=>io.observe(el))}\n")
VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>\s*')
ONE_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
# Sphinx 7.4's search page appends each result's summary without checking that it found one:
# for a result whose anchor is an empty index target (the {index} entries at the lessons'
# definitions) the summary is null, appendChild throws, and the results after it are not shown.
SEARCH_SUMMARY = "Search.makeSearchSummary(data, searchTerms, anchor)"
SEARCH_SUMMARY_SAFE = SEARCH_SUMMARY + ' || document.createTextNode("")'
SIDEBAR = '<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar">'


def fix_markup(text: str) -> str:
    """The page with one viewport tag (Sphinx's basic layout and the two themes write three),
    code blocks focusable (see LAZY_TAB_STOPS) and the accessibility gaps that axe-core finds
    in the theme closed: a nameless disclosure in the navigation, a sidebar outside any
    landmark, and a bibliography's entries that are not list items."""
    if len(VIEWPORT.findall(text)) > 1:
        first = VIEWPORT.search(text)
        text = text[:first.start()] + ONE_VIEWPORT + VIEWPORT.sub("", text[first.start():])
    text = re.sub(r"<pre(?![^>]*tabindex)", '<pre tabindex="0"', text)
    text = text.replace("<summary>", '<summary aria-label="Show or hide the pages of this chapter">')
    # docutils writes a bibliography as role="list" holding role="doc-biblioentry" (deprecated
    # in ARIA 1.2, and not the listitem a list requires): make each entry a listitem
    text = text.replace('role="doc-biblioentry"', 'role="listitem"')
    return text.replace(SIDEBAR, SIDEBAR[:-1] + ' role="complementary" aria-label="Book navigation">')


def patch_theme_script(out: Path):
    """pydata-sphinx-theme.js with its eager tab stops made lazy (once per build)."""
    script = out / "_static/scripts/pydata-sphinx-theme.js"
    code = script.read_text(encoding="utf-8")
    if code.startswith(LAZY_TAB_STOPS):  # an incremental build: patched already
        return
    if EAGER_TAB_STOPS not in code:
        logger.warning("pydata-sphinx-theme.js changed: update EAGER_TAB_STOPS in %s", __file__)
        return
    code = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", code)  # the map no longer fits
    script.write_text(LAZY_TAB_STOPS + code.replace(EAGER_TAB_STOPS, "mlcalcLazyTabStops()}"),
                      encoding="utf-8")
    script.with_name(script.name + ".map").unlink(missing_ok=True)


def patch_search_script(out: Path):
    """searchtools.js with a result's missing summary shown as nothing (once per build)."""
    script = out / "_static/searchtools.js"
    code = script.read_text(encoding="utf-8")
    if SEARCH_SUMMARY_SAFE in code:  # an incremental build: patched already
        return
    if code.count(SEARCH_SUMMARY) != 1:
        logger.warning("searchtools.js changed: update SEARCH_SUMMARY in %s", __file__)
        return
    script.write_text(code.replace(SEARCH_SUMMARY, SEARCH_SUMMARY_SAFE), encoding="utf-8")

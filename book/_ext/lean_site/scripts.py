"""Scripts: which scripts a page loads, and when.

* Thebe (live code in the page) is not used: its script, style and the inline snippet it adds
  twice (a console error) are removed, as are Font Awesome's (see `icons`).
* Scripts that need not block the first paint are deferred; the search index is only loaded by
  the search page; documentation_options.js (400 bytes that inline scripts need at once) is
  inlined.
* An explorer's script, with the explorers' shared explorer.js, goes only on pages that hold
  that explorer.
* An explorer's data (a JSON block of more than 8 KiB) moves out of the page into
  _static/data/, named by its content, and is fetched after the page paints (explorer.js:
  load): a page of text with 100 KiB of data in it painted a second later on a slow phone.
"""

import hashlib
import os
import re
from pathlib import Path

DROP = [
    re.compile(r'<script[^>]*src="[^"]*(fontawesome|sphinx-thebe)[^"]*"[^>]*></script>\s*'),
    re.compile(r'<link[^>]*href="[^"]*(fontawesome|sphinx-thebe)[^"]*"[^>]*/?>\s*'),
    re.compile(r"<script>\s*const THEBE_JS_URL[^<]*</script>\s*"),
]
SEARCH_ONLY = re.compile(r'<script[^>]*src="[^"]*(searchtools\.js|language_data\.js|searchindex\.js)'
                         r'[^"]*"[^>]*></script>\s*')
SCRIPT = re.compile(r'<script\b[^>]*\ssrc="([^"]+)"[^>]*></script>')  # not data-src
OPTIONS = re.compile(r'<script[^>]*src="([^"?]*documentation_options\.js)[^"]*"[^>]*></script>')
DATA_BLOCK = re.compile(r'<script type="application/json" id="([^"]+)">(.*?)</script>', re.S)
DATA_INLINE_LIMIT = 8 * 1024  # bytes; a smaller block stays in the page (one request fewer)

#: The explorers' scripts, by the class of the <div> each builds on (as mlcalc.widgets.SCRIPTS).
EXPLORERS = {"sandpit-game": "sandpit.js", "mlcalc-scrubber": "scrubber.js",
             "mlcalc-taylor": "taylor.js", "mlcalc-newton": "newton.js",
             "mlcalc-descent": "descent.js", "mlcalc-fit": "fit.js"}


def _defer(match) -> str:
    tag = match.group(0)
    if re.search(r"\s(defer|async)\b", tag.split(">", 1)[0]):
        return tag
    return tag.replace("<script", "<script defer", 1)


def lighten(text: str, page: str) -> str:
    """The page without Font Awesome's and Thebe's scripts and styles, without the search
    index's scripts unless it is the search page, and with every script deferred."""
    for pattern in DROP:
        text = pattern.sub("", text)
    if not page.endswith("search.html"):
        text = SEARCH_ONLY.sub("", text)
    return SCRIPT.sub(_defer, text)


def inline_options(page: Path, text: str) -> str:
    """The page with documentation_options.js inlined (it sits beside `page`'s other assets)."""
    match = OPTIONS.search(text)
    if not match:
        return text
    code = (page.parent / match.group(1)).resolve().read_text(encoding="utf-8").strip()
    return text.replace(match.group(0), f"<script>{code}</script>")


def move_data_blocks(out: Path, page: Path, text: str) -> str:
    """Each large JSON data block into _static/data/<id>-<digest>.json, the page's block left
    empty with a data-src naming that file."""
    def moved(match):
        block_id, payload = match.groups()
        if len(payload.encode("utf-8")) <= DATA_INLINE_LIMIT:
            return match.group(0)
        digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:10]
        target = out / "_static" / "data" / f"{block_id}-{digest}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(payload, encoding="utf-8")
        src = Path(os.path.relpath(target, page.parent)).as_posix()
        return f'<script type="application/json" id="{block_id}" data-src="{src}"></script>'
    return DATA_BLOCK.sub(moved, text)


def remove_stale_data(out: Path, pages: list[Path]):
    """Delete the data files of earlier builds that no page names any more."""
    wanted = {(page.parent / src).resolve() for page in pages
              for src in re.findall(r'data-src="([^"]+)"', page.read_text(encoding="utf-8"))}
    for stale in (out / "_static" / "data").glob("*.json"):
        if stale.resolve() not in wanted:
            stale.unlink()


def add_page_scripts(app, pagename, templatename, context, doctree):
    """Scripts that only some pages need: an explorer's, with the explorers' shared
    explorer.js before it (deferred scripts run in order), on pages that hold that explorer."""
    body = context.get("body", "")
    wanted = [script for name, script in EXPLORERS.items()
              if re.search(rf'<div class="{name}"', body)]
    for script in ["explorer.js", *wanted] if wanted else []:
        app.add_js_file(script, loading_method="defer")

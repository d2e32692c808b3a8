"""Make every page light, offline and findable, without giving up the book theme.

* Icons: the theme draws ~20 icons with Font Awesome's 540 KiB script and two webfonts
  (800 KiB in all). We write each icon into the page as a small inline SVG instead
  (book/_ext/icons.py) and drop the script; an icon we do not know is a build warning.
* Thebe (live code in the page) is not used: its script, style and the inline snippet it
  adds twice (a console error) are removed.
* Scripts that need not block the first paint are deferred; the search index is only
  loaded by the search page.
* An explorer's data (a JSON block of more than 8 KiB) moves out of the page into
  _static/data/, named by its content, and is fetched after the page paints (explorer.js: load):
  a page of text with 100 KiB of data in it painted a second later on a slow phone.
* Each page gets a meta description (its first paragraph) and social-card metadata.
* An image without alt text is a build warning (so, under -W, a failed build).
"""

import hashlib
import html
import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from docutils import nodes
from sphinx.util import logging

from icons import ICONS

logger = logging.getLogger(__name__)

ICON = re.compile(r'<(i|span) class="([^"]*\bfa-[^"]*)"([^>]*)>\s*</\1>')
STYLE_CLASSES = {"fa", "fas", "far", "fab", "fa-solid", "fa-regular", "fa-brands", "fa-lg",
                 "fa-fw", "fa-xl", "fa-sm"}
DROP = [
    re.compile(r'<script[^>]*src="[^"]*(fontawesome|sphinx-thebe)[^"]*"[^>]*></script>\s*'),
    re.compile(r'<link[^>]*href="[^"]*(fontawesome|sphinx-thebe)[^"]*"[^>]*/?>\s*'),
    re.compile(r"<script>\s*const THEBE_JS_URL[^<]*</script>\s*"),
]
SEARCH_ONLY = re.compile(r'<script[^>]*src="[^"]*(searchtools\.js|language_data\.js|searchindex\.js)'
                         r'[^"]*"[^>]*></script>\s*')
SCRIPT = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"[^>]*></script>')
STYLESHEET = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*>\s*')
HREF = re.compile(r'\bhref="([^"?]+)[^"]*"')
IMPORT = re.compile(r'@import\s+(?:url\()?(["\']?)([^"\')]+)\1\)?\s*;')
LAUNCH_LOGO = re.compile(r'<img (?![^>]*\bloading=)([^>]*\bsrc="[^"]*_static/images/logo_)')
CSS_URL = re.compile(r'url\((["\']?)(?!data:|https?:|/)([^"\')]+)\1\)')


DATA_BLOCK = re.compile(r'<script type="application/json" id="([^"]+)">(.*?)</script>', re.S)
DATA_INLINE_LIMIT = 8 * 1024  # bytes; a smaller block stays in the page (one request fewer)


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


FA_SELECTOR = re.compile(r"\.(fa|fas|far|fab)(?![\w-])|\.fa-[\w-]+")


def _block_end(css: str, start: int) -> int:
    """Index just past the brace that closes the block opened at css[start] == '{'."""
    depth = 0
    for k in range(start, len(css)):
        depth += {"{": 1, "}": -1}.get(css[k], 0)
        if depth == 0:
            return k + 1
    raise ValueError("unbalanced braces in CSS")


def _split_selectors(head: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in head:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return parts + [current]


def purge_css(css: str, used: set[str] | None = None) -> str:
    """The stylesheet without Font Awesome's rules, font faces and animations and, given the
    class names `used` by the pages and their scripts, without rules for any other class."""
    css = re.sub(r"/\*(?!!).*?\*/", "", css, flags=re.S)  # comments, but keep /*! licences */
    out, i = [], 0
    while i < len(css):
        if css.startswith("/*!", i):
            end = css.index("*/", i) + 2
            out.append(css[i:end])
            i = end
            continue
        brace = css.find("{", i)
        if brace < 0:
            out.append(css[i:])
            break
        head, end = css[i:brace].strip(), _block_end(css, brace)
        body = css[brace + 1:end - 1]
        if head.startswith(("@media", "@supports", "@layer")):
            inner = purge_css(body, used)
            if inner.strip():
                out.append(f"{head}{{{inner}}}")
        elif head.startswith("@font-face"):
            if "Font Awesome" not in body:
                out.append(f"{head}{{{body}}}")
        elif head.startswith("@"):
            if not re.match(r"@(-webkit-)?keyframes\s+fa-", head):
                out.append(f"{head}{{{body}}}")
        else:
            kept = [sel for sel in _split_selectors(head)
                    if not FA_SELECTOR.search(sel) and _may_match(sel, used)]
            if kept:
                out.append(",".join(kept) + f"{{{body}}}")
        i = end
    return "".join(out)


NOT = re.compile(r":not\([^()]*(\([^()]*\)[^()]*)*\)")
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
TOKEN = re.compile(r"[A-Za-z_][\w-]*")
CLASS_ATTR = re.compile(r'class="([^"]*)"')


def _may_match(selector: str, used: set[str] | None) -> bool:
    """False only if the selector needs a class that no page or script ever uses."""
    if used is None:
        return True
    return all(name in used for name in CLASS.findall(NOT.sub("", selector)))


def used_classes(out: Path, pages: list[str]) -> set[str]:
    """Every class in the pages, and every word in the site's scripts (classes they may add)."""
    used = set()
    for text in pages:
        for attr in CLASS_ATTR.findall(text):
            used.update(attr.split())
        used.update(TOKEN.findall(" ".join(re.findall(r"<script[^>]*>(.*?)</script>", text, re.S))))
    for script in (out / "_static").rglob("*.js"):
        used.update(TOKEN.findall(script.read_text(encoding="utf-8", errors="ignore")))
    return used


def _svg(match, page):
    classes, rest = match.group(2), match.group(3)
    names = [c[3:] for c in classes.split() if c.startswith("fa-") and c not in STYLE_CLASSES]
    known = [n for n in names if n in ICONS]
    if not known:
        logger.warning("icon %r has no inline SVG: add it to book/_ext/icons.py", classes,
                       location=page)
        return match.group(0)
    viewbox, path = ICONS[known[0]]
    label = ' aria-hidden="true" focusable="false"'
    keep = [c for c in classes.split() if not c.startswith("fa") and c not in STYLE_CLASSES]
    size = " icon-lg" if "fa-lg" in classes.split() else ""
    return (f'<svg class="{" ".join(keep + ["svg-inline--fa"])}{size}" viewBox="{viewbox}"'
            f'{rest}{label} fill="currentColor"><path d="{path}"/></svg>')


def _defer(match):
    tag = match.group(0)
    if re.search(r"\s(defer|async)\b", tag.split(">", 1)[0]):
        return tag
    return tag.replace("<script", "<script defer", 1)


def _rebased(css: Path, target: Path) -> str:
    """A stylesheet with its @imports inlined and its url(...)s made relative to `target`."""
    imported = []  # set @imports aside first, so their url(...) is not rewritten as well

    def set_aside(match):
        imported.append(_rebased((css.parent / match.group(2)).resolve(), target))
        return f"\0{len(imported) - 1}\0"

    body = IMPORT.sub(set_aside, css.read_text(encoding="utf-8"))
    body = CSS_URL.sub(lambda m: "url({0}{1}{0})".format(m.group(1), Path(os.path.relpath(
        (css.parent / m.group(2)).resolve(), target)).as_posix()), body)
    return re.sub(r"\0(\d+)\0", lambda m: imported[int(m.group(1))], body)


def bundle_styles(out: Path, page: Path, text: str, bundles: dict, used: set[str]) -> str:
    """Replace the page's stylesheets by one purged bundle (one request instead of ten).

    The bundle's <link> lists its sources in data-sources, so that a later incremental build,
    which leaves unchanged pages as they are, still bundles the current stylesheets."""
    links = STYLESHEET.findall(text)
    if not links:
        return text
    sources = re.search(r'data-sources="([^"]*)"', links[0])
    hrefs = sources.group(1).split() if sources else [HREF.search(l).group(1) for l in links]
    if any("/bundle-" in href for href in hrefs):
        logger.warning("%s was bundled by an older build: run `make clean`", page)
        return text
    files = [(page.parent / href).resolve() for href in hrefs]
    key = tuple(files)
    if key not in bundles:
        parts = [_rebased(css, out / "_static") for css in files]
        content = purge_css("\n".join(parts), used)
        name = f"bundle-{hashlib.sha256(content.encode()).hexdigest()[:12]}.css"
        (out / "_static" / name).write_text(content, encoding="utf-8")
        bundles[key] = name
    href = Path(os.path.relpath(out / "_static" / bundles[key], page.parent)).as_posix()
    first = text.index(links[0])
    text = STYLESHEET.sub("", text)
    link = f'<link rel="stylesheet" href="{href}" data-sources="{" ".join(hrefs)}">\n'
    return text[:first] + link + text[first:]


FIGURE = re.compile(r'<img (?![^>]*\bwidth=)([^>]*?)src="([^"]*_images/[^"]+\.svg)"([^>]*?)\s*/?>')
SVG_SIZE = re.compile(r'<svg[^>]*\bwidth="([\d.]+)pt"[^>]*\bheight="([\d.]+)pt"')


def size_figures(page: Path, text: str) -> str:
    """Give figures their size and load them lazily: no layout shift, no early download."""
    def sized(match):
        svg = (page.parent / match.group(2)).resolve()
        size = SVG_SIZE.search(svg.read_text(encoding="utf-8")[:2000]) if svg.exists() else None
        dims = f'width="{round(float(size[1]) * 4 / 3)}" height="{round(float(size[2]) * 4 / 3)}" ' if size else ""
        return (f'<img {match.group(1)}src="{match.group(2)}"{match.group(3)} {dims}'
                'loading="lazy" decoding="async">').replace("  ", " ")
    return FIGURE.sub(sized, text)


def inline_options(out: Path, page: Path, text: str) -> str:
    """documentation_options.js is 400 bytes that inline scripts need at once: inline it."""
    match = re.search(r'<script[^>]*src="([^"?]*documentation_options\.js)[^"]*"[^>]*></script>', text)
    if not match:
        return text
    code = (page.parent / match.group(1)).resolve().read_text(encoding="utf-8").strip()
    return text.replace(match.group(0), f"<script>{code}</script>")


def slim(text: str, page: str) -> str:
    """The page without Font Awesome and Thebe, with inline icons and deferred scripts."""
    for pattern in DROP:
        text = pattern.sub("", text)
    text = ICON.sub(lambda m: _svg(m, page), text)
    if not page.endswith("search.html"):
        text = SEARCH_ONLY.sub("", text)
    text = SCRIPT.sub(_defer, text)
    text = re.sub(r"<pre(?![^>]*tabindex)", '<pre tabindex="0"', text)  # see patch_theme_script
    # Accessibility gaps of the theme, found by axe-core: a nameless disclosure in the
    # navigation, and a sidebar outside any landmark.
    text = text.replace("<summary>", '<summary aria-label="Show or hide the pages of this chapter">')
    text = text.replace('<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar">',
                        '<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar" '
                        'role="complementary" aria-label="Book navigation">')
    text = LAUNCH_LOGO.sub(r'<img loading="lazy" \1', text)  # hidden in a menu until opened
    return text


def _first_paragraph(doctree) -> str:
    for para in doctree.findall(nodes.paragraph):
        if any(isinstance(p, (nodes.Admonition, nodes.footnote, nodes.table))
               for p in _ancestors(para)):
            continue
        text = " ".join(para.astext().split())
        if len(text) > 40:
            return text
    return ""


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def _shorten(text: str, limit: int = 160) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def add_metadata(app, pagename, templatename, context, doctree):
    default = app.config.html_context.get("description", "")
    description = _shorten((_first_paragraph(doctree) if doctree else "") or default)
    title = re.sub(r"<[^>]+>", "", context.get("title", "")) or app.config.html_title
    tags = [
        f'<meta name="description" content="{html.escape(description)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{html.escape(title)}">',
        f'<meta property="og:description" content="{html.escape(description)}">',
        f'<meta property="og:site_name" content="{html.escape(app.config.html_title)}">',
        '<meta name="twitter:card" content="summary">',
    ]
    if app.config.html_baseurl:
        url = app.config.html_baseurl.rstrip("/") + "/" + app.builder.get_target_uri(pagename)
        tags += [f'<meta property="og:url" content="{url}">', f'<link rel="canonical" href="{url}">']
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


# The theme makes scrollable code blocks keyboard-focusable by reading the size of every block
# at load and after every change to the page: on a long page that lays it all out at once
# (a 350 ms task on a phone). Blocks are made focusable in the HTML instead (below), and the
# check runs for each block as it scrolls into view.
EAGER_TAB_STOPS = ('new MutationObserver(t).observe(document.getElementById("main-content"),'
                   '{subtree:!0,childList:!0}),e()}')
LAZY_TAB_STOPS = (
    "function mlcalcLazyTabStops(){const io=new IntersectionObserver(es=>{for(const x of es)"
    "if(x.isIntersecting){const el=x.target;el.tabIndex=el.scrollWidth>el.clientWidth||"
    "el.scrollHeight>el.clientHeight?0:-1;io.unobserve(el)}});document.querySelectorAll("
    "'pre, .cell_output > .output, div.math > math').forEach(el=>io.observe(el))}\n")


def patch_theme_script(out: Path):
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


def stable_cell_ids(notebook: Path):
    """Make the downloadable notebooks reproducible: nbformat gives cells random ids (number
    them instead), and the kernel may split one printout into several chunks (join them)."""
    data = json.loads(notebook.read_text(encoding="utf-8"))
    for index, cell in enumerate(data.get("cells", [])):
        if "id" in cell:
            cell["id"] = f"cell-{index}"
        merged = []
        for output in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if (previous and output.get("output_type") == "stream" == previous.get("output_type")
                    and output.get("name") == previous.get("name")):
                text = "".join(previous["text"]) + "".join(output["text"])
                previous["text"] = text.splitlines(keepends=True)
            else:
                merged.append(output)
        if "outputs" in cell:
            cell["outputs"] = merged
    notebook.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def finish(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    pages = [p for p in sorted(out.rglob("*.html"))
             if p.relative_to(out).parts[0] not in ("_static", "_sources", "_images")]
    texts = {page: slim(page.read_text(encoding="utf-8"), str(page.relative_to(out)))
             for page in pages}
    used = used_classes(out, list(texts.values()))
    patch_theme_script(out)
    bundles = {}
    for page, text in texts.items():
        text = inline_options(out, page, bundle_styles(out, page, text, bundles, used))
        text = move_data_blocks(out, page, size_figures(page, text))
        page.write_text(text, encoding="utf-8")
    for notebook in (out / "_sources").rglob("*.ipynb"):
        stable_cell_ids(notebook)
    referenced = set(bundles.values())
    for stale in (out / "_static").glob("bundle-*.css"):
        if stale.name not in referenced:
            stale.unlink()
    wanted = {(page.parent / src).resolve() for page in pages
              for src in re.findall(r'data-src="([^"]+)"', page.read_text(encoding="utf-8"))}
    for stale in (out / "_static" / "data").glob("*.json"):
        if stale.resolve() not in wanted:
            stale.unlink()
    for unused in ["_static/scripts/fontawesome.js", "_static/scripts/fontawesome.js.map",
                   "_static/scripts/fontawesome.js.LICENSE.txt"]:
        (out / unused).unlink(missing_ok=True)
    for font in (out / "_static/vendor/fontawesome").rglob("*"):
        if font.is_file():
            font.unlink()
    if app.config.html_baseurl:
        write_site_files(app, out)


def write_site_files(app, out: Path):
    """sitemap.xml, robots.txt and a self-contained 404 page, all from html_baseurl."""
    base = app.config.html_baseurl.rstrip("/") + "/"
    pages = sorted(app.builder.get_target_uri(doc) for doc in app.env.found_docs)
    urls = "".join(f"  <url><loc>{base}{page}</loc></url>\n" for page in pages)
    (out / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n')
    (out / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n")
    title = html.escape(app.config.html_title)
    icon = "data:image/svg+xml," + quote((out / "_static/favicon.svg").read_text().strip())
    root = out / "index.html"
    redirect = re.fullmatch(r'\s*<meta http-equiv="Refresh" content="0; url=([^"]+)" />\s*',
                            root.read_text(encoding="utf-8")) if root.exists() else None
    if redirect:  # sphinx-external-toc's bare redirect: make it a page (favicon, title, link)
        description = html.escape(app.config.html_context.get("description", ""))
        root.write_text(REDIRECT.format(title=title, target=redirect.group(1), favicon=icon,
                                        description=description), encoding="utf-8")
    (out / "404.html").write_text(NOT_FOUND.format(title=title, home=base + "book/index.html",
                                                   favicon=icon))


REDIRECT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Refresh" content="0; url={target}">
<title>{title}</title>
<meta name="description" content="{description}">
<link rel="icon" href="{favicon}">
</head><body><p><a href="{target}">{title}</a></p></body></html>
"""

NOT_FOUND = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Page not found | {title}</title>
<meta name="description" content="This page of {title} does not exist.">
<link rel="icon" href="{favicon}">
<style>body{{font:1.1rem/1.6 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;
color:#222;background:#fff}}a{{color:#0b5394}}
@media (prefers-color-scheme:dark){{body{{color:#eee;background:#121212}}a{{color:#8ab4f8}}}}</style>
</head><body><main><h1>Page not found</h1>
<p>There is no page at this address. It may have moved when the book was reorganised.</p>
<p><a href="{home}">Go to the start of {title}</a>, or use its search page.</p>
</main></body></html>
"""


#: The explorers' scripts, by the class of the <div> each builds on (as mlcalc.widgets.SCRIPTS).
EXPLORERS = {"sandpit-game": "sandpit.js", "mlcalc-scrubber": "scrubber.js",
             "mlcalc-taylor": "taylor.js", "mlcalc-newton": "newton.js",
             "mlcalc-descent": "descent.js", "mlcalc-fit": "fit.js"}


def add_page_scripts(app, pagename, templatename, context, doctree):
    """Scripts that only some pages need: an explorer's, with the explorers' shared
    explorer.js before it (deferred scripts run in order), on pages that hold that explorer."""
    body = context.get("body", "")
    wanted = [script for name, script in EXPLORERS.items()
              if re.search(rf'<div class="{name}"', body)]
    for script in ["explorer.js", *wanted] if wanted else []:
        app.add_js_file(script, loading_method="defer")


def check_alt_text(app, doctree, docname):
    """Every image needs alt text: a figure without it is a build warning naming the page."""
    for image in doctree.findall(nodes.image):
        if not image.get("alt", "").strip():
            logger.warning("image %s has no alt text (add `image: alt:` to the cell's mystnb "
                           "metadata)", image.get("uri", "?"), location=image)


def setup(app):
    app.connect("doctree-resolved", check_alt_text)
    app.connect("html-page-context", add_metadata)
    app.connect("html-page-context", add_page_scripts)
    app.connect("build-finished", finish, priority=900)  # after the theme rewrites pygments.css
    app.add_css_file("lean.css")
    app.add_js_file("mlcalc.js")
    return {"parallel_read_safe": True, "parallel_write_safe": True}

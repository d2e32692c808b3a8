"""Styles: each page's ten stylesheets as one bundle, purged of Font Awesome's rules and of
rules for classes that no page or script uses (one request instead of ten, a fifth of the
bytes)."""

import hashlib
import os
import re
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

STYLESHEET = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*>\s*')
HREF = re.compile(r'\bhref="([^"?]+)[^"]*"')
IMPORT = re.compile(r'@import\s+(?:url\()?(["\']?)([^"\')]+)\1\)?\s*;')
CSS_URL = re.compile(r'url\((["\']?)(?!data:|https?:|/)([^"\')]+)\1\)')
FA_SELECTOR = re.compile(r"\.(fa|fas|far|fab)(?![\w-])|\.fa-[\w-]+")
# What a selector needs no class for: a :not(), :is() or :where() group (one alternative of
# :is() may match where another's class is unused) and an attribute test, whose value may hold
# dots (a[href$=".pdf"]).
OPTIONAL = re.compile(r":(not|is|where)\([^()]*(\([^()]*\)[^()]*)*\)|\[[^\]]*\]")
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
TOKEN = re.compile(r"[A-Za-z_][\w-]*")
CLASS_ATTR = re.compile(r'class="([^"]*)"')


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


def _may_match(selector: str, used: set[str] | None) -> bool:
    """False only if the selector needs a class that no page or script ever uses."""
    if used is None:
        return True
    return all(name in used for name in CLASS.findall(OPTIONAL.sub("", selector)))


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
    """Replace the page's stylesheets by one purged bundle, written once per set of sources
    (`bundles` maps the sources to the bundle's name).

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


def remove_stale_bundles(out: Path, bundles: dict):
    """Delete the bundles of earlier builds that no page links any more."""
    referenced = set(bundles.values())
    for stale in (out / "_static").glob("bundle-*.css"):
        if stale.name not in referenced:
            stale.unlink()

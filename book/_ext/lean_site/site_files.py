"""Site files and metadata: what search engines, social sites and lost readers get.

Kept extensions do most of it, configured in _config.yml and completed here:

* sphinx-sitemap writes sitemap.xml. It lists only the pages written by the current build
  (its issue #13, open since 2018), so an author's incremental build would publish a sitemap of
  the pages just edited: `complete_sitemap` hands it the pages this build left as they were.
* sphinxext-opengraph writes the Open Graph and Twitter tags. Its description joins the text of
  every leaf node, putting spaces inside "(Theorem 1.1)" and cutting the 200th character in
  the middle of a word; `describe` gives it ours instead, the page's first paragraph cut at a
  word within 160 characters, and gives pages with no text of their own (the index, the search
  page, the 404 page) the book's description.
* sphinx-notfound-page renders 404.html with the theme and absolute addresses, so that it works
  at any depth; its prefix comes from html_baseurl here, and `to_relative`/`to_absolute` let
  the rest of lean_site process it as it processes the other pages.

Ours alone: robots.txt, and the root index.html that sphinx-external-toc leaves as a bare
redirect (no title, no favicon) made a small page that still redirects.
"""

import fnmatch
import html
import re
from pathlib import Path
from urllib.parse import quote, urlparse

from docutils import nodes
from docutils.utils import new_document
from sphinx.util import logging
from sphinxext import opengraph

logger = logging.getLogger(__name__)

NOT_FOUND_BODY = """<h1>Page not found</h1>
<p>There is no page at this address. It may have moved when the book was reorganised.</p>
<p><a href="{home}">Go to the start of {title}</a>, or search the book.</p>"""

REDIRECT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Refresh" content="0; url={target}">
<title>{title}</title>
<meta name="description" content="{description}">
<link rel="icon" href="{favicon}">
</head><body><p><a href="{target}">{title}</a></p></body></html>
"""
BARE_REDIRECT = re.compile(r'\s*<meta http-equiv="Refresh" content="0; url=([^"]+)" />\s*')
URL_ATTRIBUTE = re.compile(r'(\s(?:href|src|data-src|action)=")(?![a-zA-Z][\w+.-]*:|/|#)')


def configure(app, config):
    """The kept extensions' settings that follow from html_baseurl and html_title, so that
    _config.yml states each fact once: the site's name and address in social tags, and the
    404 page's address prefix and text."""
    if config.ogp_site_name is None:
        config.ogp_site_name = config.html_title
    if not config.ogp_site_url:
        config.ogp_site_url = config.html_baseurl
    if config.html_baseurl:
        prefix = urlparse(config.html_baseurl).path.rstrip("/") + "/"
        config.notfound_urls_prefix = prefix
        config.notfound_context = {
            "title": "Page not found",
            "body": NOT_FOUND_BODY.format(home=prefix + "book/index.html",
                                          title=html.escape(config.html_title))}


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


def shorten(text: str, limit: int = 160) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def description(app, doctree) -> str:
    """The page's first paragraph (not in an admonition, footnote or table), shortened, or the
    book's description for a page without one."""
    default = app.config.html_context.get("description", "")
    return shorten((_first_paragraph(doctree) if doctree else "") or default)


def describe(app, pagename, templatename, context, doctree):
    """Before sphinxext-opengraph (priority 500): the page's meta description, which it then
    leaves alone, and the same text as its og:description. sphinxext-opengraph skips pages
    without a doctree (the index, the search page, the 404 page): they get its tags here."""
    text = description(app, doctree)
    context["metatags"] = (context.get("metatags", "")
                           + f'<meta name="description" content="{html.escape(text)}">\n')
    # a copy: context["meta"] is the environment's own record of the page
    context["meta"] = {**(context.get("meta") or {}), "og:description": html.escape(text)}
    if doctree is None:
        try:
            page = {**context, "title": context.get("title") or app.config.html_title}
            context["metatags"] += opengraph.get_tags(
                page, new_document(pagename), srcdir=app.srcdir, outdir=app.outdir,
                config=app.config, builder=app.builder, env=app.env)
        except TypeError as exc:
            logger.warning("sphinxext-opengraph's get_tags changed (%s): update %s", exc,
                           __file__)
    app.lean_site_written.add(pagename)


def start(app):
    """A new build has written no page yet (builder-inited)."""
    app.lean_site_written = set()


def complete_sitemap(app, exception):
    """Before sphinx-sitemap writes (build-finished, priority 500): queue the pages of the
    table of contents that this build did not write (sphinx-sitemap issue #13)."""
    if exception is not None or app.builder.format != "html":
        return
    queue = getattr(app.env.app, "sitemap_links", None)
    if queue is None:
        logger.warning("sphinx-sitemap changed (no app.sitemap_links): update %s", __file__)
        return
    for doc in sorted(app.env.found_docs - app.lean_site_written):
        link = app.builder.get_target_uri(doc)
        if not any(fnmatch.fnmatch(link, p) for p in app.config.sitemap_excludes):
            queue.put((link, None))


def to_relative(text: str, prefix: str) -> str:
    """404.html's absolute addresses made relative to the site's root, where the page is."""
    return text.replace(f'="{prefix}', '="')


def to_absolute(text: str, prefix: str) -> str:
    """404.html's relative addresses made absolute again under `prefix`, as
    sphinx-notfound-page made them, so that the page works at any depth."""
    return URL_ATTRIBUTE.sub(lambda m: m.group(1) + prefix, text)


def write_site_files(app, out: Path):
    """robots.txt, and the root redirect made a page (title, description, favicon)."""
    base = app.config.html_baseurl.rstrip("/") + "/"
    (out / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n")
    root = out / "index.html"
    redirect = BARE_REDIRECT.fullmatch(root.read_text(encoding="utf-8")) if root.exists() else None
    if redirect:
        icon = "data:image/svg+xml," + quote((out / "_static/favicon.svg").read_text().strip())
        root.write_text(REDIRECT.format(
            title=html.escape(app.config.html_title), target=redirect.group(1), favicon=icon,
            description=html.escape(app.config.html_context.get("description", ""))),
            encoding="utf-8")

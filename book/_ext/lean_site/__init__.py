"""Make every page light, offline and findable, without giving up the book theme.

One module per job; `setup` below is the list of what the build does to every page:

* `icons`: the theme's Font Awesome icons as inline SVGs (no 800 KiB of script and fonts);
* `scripts`: no Thebe, every script deferred, an explorer's script only where it is used, an
  explorer's large data fetched after the page paints;
* `styles`: one purged stylesheet bundle instead of ten stylesheets;
* `figures`: alt text required, sizes in the HTML, lazy loading;
* `theme`: fixes to the pinned theme and Sphinx (lazy tab stops, accessibility gaps, the
  search page's missing summaries);
* `notebooks`: the downloadable notebooks the same on every build;
* `site_files`: descriptions for the kept sphinxext-opengraph, sphinx-sitemap and
  sphinx-notfound-page (_config.yml), robots.txt and the root page.
"""

from pathlib import Path

from . import figures, icons, notebooks, scripts, site_files, styles, theme

EXPLORERS = scripts.EXPLORERS
move_data_blocks = scripts.move_data_blocks
add_page_scripts = scripts.add_page_scripts


def _pages(out: Path) -> list[Path]:
    return [p for p in sorted(out.rglob("*.html"))
            if p.relative_to(out).parts[0] not in ("_static", "_sources", "_images")]


def finish(app, exception):
    """Rewrite every built page (build-finished), then tidy the files they no longer use."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    pages = _pages(out)
    not_found = out / f"{app.config.notfound_pagename}.html"
    prefix = app.config.notfound_urls_prefix
    texts = {}
    for page in pages:
        name, text = str(page.relative_to(out)), page.read_text(encoding="utf-8")
        if page == not_found:
            text = site_files.to_relative(text, prefix)
        text = scripts.lighten(icons.inline_icons(text, name), name)
        texts[page] = figures.lazy_logos(theme.fix_markup(text))
    used = styles.used_classes(out, list(texts.values()))
    theme.patch_theme_script(out)
    theme.patch_search_script(out)
    bundles = {}
    for page, text in texts.items():
        text = styles.bundle_styles(out, page, text, bundles, used)
        text = scripts.inline_options(page, text)
        text = scripts.move_data_blocks(out, page, figures.size_figures(page, text))
        if page == not_found:
            text = site_files.to_absolute(text, prefix)
        page.write_text(text, encoding="utf-8")
    for notebook in (out / "_sources").rglob("*.ipynb"):
        notebooks.stable_cell_ids(notebook)
    styles.remove_stale_bundles(out, bundles)
    scripts.remove_stale_data(out, pages)
    icons.remove_font_awesome(out)
    if app.config.html_baseurl:
        site_files.write_site_files(app, out)


def setup(app):
    app.connect("config-inited", site_files.configure)
    app.connect("builder-inited", site_files.start)
    app.connect("doctree-resolved", figures.check_alt_text)
    app.connect("html-page-context", site_files.describe, priority=450)  # before opengraph
    app.connect("html-page-context", scripts.add_page_scripts)
    app.connect("build-finished", site_files.complete_sitemap, priority=450)  # before sitemap
    app.connect("build-finished", finish, priority=900)  # after the theme rewrites pygments.css
    app.add_css_file("lean.css")
    app.add_js_file("mlcalc.js")
    return {"parallel_read_safe": True, "parallel_write_safe": True}

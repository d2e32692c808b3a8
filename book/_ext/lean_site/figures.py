"""Figures: every image has alt text (a build warning names the page otherwise), and every
figure its size in the HTML and lazy loading: no layout shift, no download before it is near."""

import re
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

FIGURE = re.compile(r'<img (?![^>]*\bwidth=)([^>]*?)src="([^"]*_images/[^"]+\.svg)"([^>]*?)\s*/?>')
SVG_SIZE = re.compile(r'<svg[^>]*\bwidth="([\d.]+)pt"[^>]*\bheight="([\d.]+)pt"')
LAUNCH_LOGO = re.compile(r'<img (?![^>]*\bloading=)([^>]*\bsrc="[^"]*_static/images/logo_)')


def size_figures(page: Path, text: str) -> str:
    """Each SVG figure of the page with its width and height (from the SVG, in CSS pixels),
    loaded lazily and decoded off the main thread."""
    def sized(match):
        svg = (page.parent / match.group(2)).resolve()
        size = SVG_SIZE.search(svg.read_text(encoding="utf-8")[:2000]) if svg.exists() else None
        dims = (f'width="{round(float(size[1]) * 4 / 3)}" height="{round(float(size[2]) * 4 / 3)}" '
                if size else "")
        return (f'<img {match.group(1)}src="{match.group(2)}"{match.group(3)} {dims}'
                'loading="lazy" decoding="async">').replace("  ", " ")
    return FIGURE.sub(sized, text)


def lazy_logos(text: str) -> str:
    """The launch buttons' logos (hidden in a menu until it opens) loaded lazily."""
    return LAUNCH_LOGO.sub(r'<img loading="lazy" \1', text)


def check_alt_text(app, doctree, docname):
    """Every image needs alt text: a figure without it is a build warning naming the page."""
    for image in doctree.findall(nodes.image):
        if not image.get("alt", "").strip():
            logger.warning("image %s has no alt text (add `image: alt:` to the cell's mystnb "
                           "metadata)", image.get("uri", "?"), location=image)

"""Icons: the theme's Font Awesome icons as small inline SVGs instead of its 540 KiB script
and two webfonts (800 KiB in all). An icon without an SVG in `icon_paths` is a build warning."""

import re
from pathlib import Path

from sphinx.util import logging

from .icon_paths import ICONS

logger = logging.getLogger(__name__)

ICON = re.compile(r'<(i|span) class="([^"]*\bfa-[^"]*)"([^>]*)>\s*</\1>')
STYLE_CLASSES = {"fa", "fas", "far", "fab", "fa-solid", "fa-regular", "fa-brands", "fa-lg",
                 "fa-fw", "fa-xl", "fa-sm"}
#: Font Awesome's files, which no page loads once its icons are inline.
UNUSED = ["_static/scripts/fontawesome.js", "_static/scripts/fontawesome.js.map",
          "_static/scripts/fontawesome.js.LICENSE.txt"]


def _svg(match, page: str) -> str:
    classes, rest = match.group(2), match.group(3)
    names = [c[3:] for c in classes.split() if c.startswith("fa-") and c not in STYLE_CLASSES]
    known = [n for n in names if n in ICONS]
    if not known:
        logger.warning("icon %r has no inline SVG: add it to book/_ext/lean_site/icon_paths.py",
                       classes, location=page)
        return match.group(0)
    viewbox, path = ICONS[known[0]]
    label = ("" if "aria-hidden" in rest else ' aria-hidden="true"') + ' focusable="false"'
    keep = [c for c in classes.split() if not c.startswith("fa-") and c not in STYLE_CLASSES]
    size = " icon-lg" if "fa-lg" in classes.split() else ""
    return (f'<svg class="{" ".join(keep + ["svg-inline--fa"])}{size}" viewBox="{viewbox}"'
            f'{rest}{label} fill="currentColor"><path d="{path}"/></svg>')


def inline_icons(text: str, page: str) -> str:
    """Every <i class="fa-..."></i> of the page as an inline SVG (`page` names it in warnings)."""
    return ICON.sub(lambda m: _svg(m, page), text)


def remove_font_awesome(out: Path):
    """Delete Font Awesome's script and webfonts from the built site: nothing loads them."""
    for unused in UNUSED:
        (out / unused).unlink(missing_ok=True)
    for font in (out / "_static/vendor/fontawesome").rglob("*"):
        if font.is_file():
            font.unlink()

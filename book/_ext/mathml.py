"""Render the book's math as MathML at build time: no MathJax, no network, no layout shift.

Sphinx hands every inline and display formula to the HTML math renderer named by
``html_math_renderer``. This one converts the LaTeX with Temml (``vendor/temml.min.js``, run in
the V8 engine that the PyPI wheel ``mini-racer`` embeds, so the build needs only Python) and
writes the MathML Core into the page, which every current browser renders natively. Temml sets
what a typeset book would: a function application operator after sin and ln, limits under lim
in display math, stretchy labelled arrows, primes after big brackets. A formula it cannot
convert is a build warning that names the page, so ``-W`` turns it into a failed build.

Math in a page title also has a plain-text form (``eˣ`` for ``e^x``), which Sphinx uses
wherever the title is text: the ``<title>``, the previous and next links, ``{doc}`` link texts
and the search index.
"""

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from docutils import nodes
from sphinx.locale import _
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

TEMML = Path(__file__).with_name("vendor") / "temml.min.js"
TEMML_VERSION = "0.13.5"  # the vendored file's version; mathml.py changes when it does

# Render, and return errors as values: a V8 exception would carry the whole minified source.
RENDER = """
function mlcalcTeX(tex, display) {
  try {
    return {mathml: temml.renderToString(tex, {displayMode: display, throwOnError: true})};
  } catch (error) {
    return {error: String(error && error.message || error).trim()};
  }
}
"""

_context = None  # (process id, MiniRacer): one V8 per process, made at first use


def _temml():
    """This process's Temml. Sphinx may write pages in forked processes, and V8 does not
    survive a fork, so a context inherited from the parent process is not reused."""
    global _context
    if _context is None or _context[0] != os.getpid():
        from py_mini_racer import MiniRacer

        context = MiniRacer()
        context.eval(TEMML.read_text(encoding="utf-8"))
        version = context.eval("temml.version")
        if version != TEMML_VERSION:
            raise RuntimeError(f"{TEMML} is Temml {version}, mathml.py expects {TEMML_VERSION}")
        context.eval(RENDER)
        _context = (os.getpid(), context)
    return _context[1]


BIG_BASE = re.compile(r'<(msup|msubsup)>(<mo [^>]*\bmaxsize="[^"]*"[^>]*>[^<]*</mo>)')


class MathError(ValueError):
    """Temml could not convert a formula (the message says where and why)."""


def tex_to_mathml(latex: str, display: bool = False) -> str:
    """The MathML of one formula; raises MathError when Temml cannot convert it."""
    result = _temml().call("mlcalcTeX", latex, display)
    if "error" in result:
        raise MathError(" ".join(result["error"].split()))
    # Temml writes \big)' as a prime on the bracket itself; Chromium then stretches the
    # bracket as part of the superscript and drops it below the line. Set it in an mrow first
    # (as Temml already does for \big)^2).
    mathml = BIG_BASE.sub(r"<\1><mrow>\2</mrow>", result["mathml"])
    attributes = ' xmlns="http://www.w3.org/1998/Math/MathML"'
    if display:
        attributes += ' tabindex="0"'  # a wide formula scrolls: reachable by keyboard
    return mathml.replace("<math", "<math" + attributes, 1)


# The plain-text form of a formula, for places that show text only (titles, link texts).
SUPERSCRIPT = dict(zip("0123456789+-−=()nixa", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱˣᵃ"))
SUBSCRIPT = dict(zip("0123456789+-−=()aeioxnh", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑᵢₒₓₙₕ"))
SCRIPTS = {"msup": "^", "mover": "^", "msub": "_", "munder": "_", "msubsup": "_^",
           "munderover": "_^"}


def _plain(element) -> str:
    tag, kids = element.tag, list(element)
    if tag in SCRIPTS:
        text = _plain(kids[0])
        for kid, mark in zip(kids[1:], SCRIPTS[tag]):
            script, table = _plain(kid), SUPERSCRIPT if mark == "^" else SUBSCRIPT
            mapped = "".join(table.get(c, "") for c in script)
            text += mapped if len(mapped) == len(script) else f"{mark}({script})"
        return text
    if tag == "mfrac":
        return f"{_plain(kids[0])}/{_plain(kids[1])}"
    if tag == "msqrt":
        return "√(" + "".join(_plain(k) for k in kids) + ")"
    if tag == "mspace":
        return " "
    if tag == "mo" and element.text == "\u2061":  # function application: the mspace after it is the space
        return ""
    return (element.text or "") + "".join(_plain(k) + (k.tail or "") for k in kids)


def plain_text(latex: str) -> str:
    """A formula as Unicode text, e.g. ``e^x`` -> ``eˣ``, ``x_1`` -> ``x₁``."""
    mathml = _temml().call("mlcalcTeX", latex, False).get("mathml")
    if mathml is None:
        return latex
    text = _plain(ET.fromstring(mathml))
    return " ".join(text.split())


class PlainTitleMath(SphinxTransform):
    """Give math in titles its plain-text form (``node.astext()``), keeping the LaTeX to render.

    Sphinx uses a title's text for the <title>, the previous and next links, ``{doc}`` link
    texts and the search index; the LaTeX source there would read "e^x"."""

    default_priority = 400

    def apply(self, **kwargs):
        for title in self.document.findall(nodes.title):
            for math in list(title.findall(nodes.math)):
                if "latex" not in math:
                    latex = math.astext()
                    math["latex"] = latex
                    math.children = []
                    math += nodes.Text(plain_text(latex))


class MathPunctuation(SphinxPostTransform):
    """Keep the punctuation that follows an inline formula on the formula's line.

    A browser may break a line between a ``<math>`` element and the comma after it, which
    leaves the comma at the start of the next line. The formula and its punctuation go in one
    ``<span class="math-punct">`` that does not wrap (mathml.css)."""

    default_priority = 900
    PUNCTUATION = re.compile(r"[.,;:!?)\]\u2019\u201d]+")

    def run(self, **kwargs):
        for math in list(self.document.findall(nodes.math)):
            parent = math.parent
            if parent is None:
                continue
            index = parent.index(math)
            following = parent[index + 1] if index + 1 < len(parent) else None
            if not isinstance(following, nodes.Text):
                continue
            text = str(following)
            mark = self.PUNCTUATION.match(text)
            if not mark:
                continue
            wrapper = nodes.inline(classes=["math-punct"])
            parent.replace(math, wrapper)
            wrapper += math
            wrapper += nodes.Text(mark.group())
            if text[mark.end():]:
                parent.replace(following, nodes.Text(text[mark.end():]))
            else:
                parent.remove(following)


def to_mathml(self, node, latex: str, display: bool) -> str:
    try:
        return tex_to_mathml(latex.strip(), display)
    except MathError as exc:
        logger.warning("cannot render this formula as MathML (%s): %s", exc, latex.strip(),
                       location=node)
        return f"<code>{self.encode(latex)}</code>"


def _in_title(node) -> bool:
    parent = node.parent
    if isinstance(parent, nodes.inline) and "math-punct" in parent["classes"]:
        parent = parent.parent
    return isinstance(parent, nodes.title)


def visit_math(self, node):
    if _in_title(node) and self.document.get("source") == "<partial node>":
        # a title rendered alone (Sphinx's <title>, the previous and next links): text
        self.body.append(self.encode(node.astext()))
    else:
        self.body.append(to_mathml(self, node, node.get("latex", node.astext()), False))
    raise nodes.SkipNode


def display_latex(latex: str, nowrap: bool = False) -> str:
    """A display formula as Temml gets it: paragraphs are lines, aligned at & (as Sphinx does)."""
    if nowrap:
        return latex
    parts = [part for part in latex.split("\n\n") if part.strip()]
    lines = r" \\ ".join(parts)
    if r"\\" in lines and r"\begin{" not in lines:  # several lines, no environment
        lines = r"\begin{split}" + lines + r"\end{split}"  # align them at &
    return lines


def visit_displaymath(self, node):
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"]:
        self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(to_mathml(self, node, display_latex(node.astext(), node["nowrap"]), True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
    app.add_transform(PlainTitleMath)
    app.add_post_transform(MathPunctuation)
    app.add_css_file("mathml.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}

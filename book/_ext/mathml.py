"""Render the book's math as MathML at build time: no MathJax, no network, no layout shift.

Sphinx hands every inline and display formula to the HTML math renderer named by
``html_math_renderer``. This one converts the LaTeX with latex2mathml and writes the MathML
into the page, which every current browser renders natively. A formula it cannot convert
is a build warning that names the page, so ``-W`` turns it into a failed build.
"""

import re

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

# latex2mathml writes f' as f with a superscript prime; but the Unicode prime is already
# raised, so a superscript lifts it twice. Write it as a postfix operator instead.
PRIME = re.compile(r"<msup><mi>([^<]*)</mi><mi>(&#x0203[234];)</mi></msup>")


# latex2mathml does not know the aligned environment (it writes a literal "&" and a line
# break that browsers ignore), but it does know split, which lays out the same way.
ALIGNED = re.compile(r"\\(begin|end)\{aligned\}")


def to_mathml(self, node, latex: str, display: str) -> str:
    latex = ALIGNED.sub(r"\\\1{split}", latex)
    try:
        mathml = convert(latex.strip(), display=display)
    except Exception as exc:  # latex2mathml raises many kinds; all mean "cannot convert"
        logger.warning("cannot render this formula as MathML (%s): %s", exc, latex.strip(),
                       location=node)
        return f"<code>{self.encode(latex)}</code>"
    return PRIME.sub(r'<mi>\1</mi><mo lspace="0" rspace="0">\2</mo>', mathml)


def visit_math(self, node):
    self.body.append(to_mathml(self, node, node.astext(), "inline"))
    raise nodes.SkipNode


def visit_displaymath(self, node):
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"]:
        self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    latex = node.astext()
    if not node["nowrap"]:
        parts = [part for part in latex.split("\n\n") if part.strip()]
        lines = r" \\ ".join(parts)
        if r"\\" in lines and r"\begin{" not in lines:  # several lines, no environment
            lines = r"\begin{split}" + lines + r"\end{split}"  # align them at &
        latex = lines
    self.body.append(to_mathml(self, node, latex, "block"))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
    app.add_css_file("mathml.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}

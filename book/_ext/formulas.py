"""The formula sheet (issue 15): each entry is its lesson's own equation, linked to it.

A page lists its entries with the ``formula`` directive, naming the labels of displayed
equations in the lessons (``$$ ... $$ (eq-label)``) and giving the entry's name as content::

    ```{formula} eq-hessian-entry eq-hessian-2x2
    Hessian
    ```

Nothing is retyped. When the page is written, every label is looked up in Sphinx's math domain
(label -> lesson), the lesson's labelled ``math_block`` is copied out of its doctree without its
label, number and anchor (so that no id appears twice), and a line "Derived in <lesson>,
(number)" links to the lesson and to the equation itself. The copy is an ordinary display
formula, which the site's math renderer (book/_ext/mathml.py) turns into exactly the MathML of
the lesson. A label that names no equation is a build warning that names the page and the label.

The sheet's print and screen styles are ``formulas.css``, linked from the pages that use the
directive only. The sheet is re-read whenever another page changes, so that an edited equation
reaches it on an incremental build.
"""

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

STYLESHEET = "formulas.css"


class formula_pending(nodes.General, nodes.Element):
    """Stands for the lesson's equation ``label`` until all pages have been read."""


def _visit_pending(self, node):
    raise nodes.SkipNode  # never reaches a writer: the post-transform replaces every one


class FormulaDirective(SphinxDirective):
    """One entry of a formula sheet: its name (the content), then the labelled equations."""

    required_arguments = 1
    optional_arguments = 9  # up to ten equations an entry
    has_content = True
    option_spec = {"class": directives.class_option}

    def run(self):
        entry = nodes.container(classes=["formula-entry", *self.options.get("class", [])])
        self.set_source_info(entry)
        name = nodes.container(classes=["formula-name"])
        self.state.nested_parse(self.content, self.content_offset, name)
        entry += name
        for label in self.arguments:
            pending = formula_pending(label=label)
            self.set_source_info(pending)
            entry += pending
        self.env.metadata[self.env.docname]["formula_sheet"] = True
        return [entry]


def _copy(math_block):
    """The lesson's formula as an unlabelled, unnumbered display formula."""
    copy = math_block.deepcopy()
    for key in ("ids", "names", "dupnames", "backrefs"):
        copy[key] = []
    copy["label"] = None
    copy["number"] = None
    copy["classes"] = [*copy.get("classes", []), "formula-copy"]
    copy["formula_label"] = math_block["label"]
    return copy


def _labelled_math(doctree, label):
    for node in doctree.findall(nodes.math_block):
        if node.get("label") == label:
            return node
    return None


class CopyLessonFormulas(SphinxPostTransform):
    """Replace each pending entry by the lesson's formula and a link to where it is derived.

    Runs before Sphinx resolves references (priority 10), so the links it adds, pending
    ``doc`` and ``eq`` references, are resolved like any others."""

    default_priority = 5

    def run(self, **kwargs):
        pendings = list(self.document.findall(formula_pending))
        if not pendings:
            return
        domain = self.env.get_domain("math")
        doctrees = {}
        for entry in {id(p.parent): p.parent for p in pendings}.values():
            sources = []  # (lesson, [labels]) in order of first appearance
            for pending in [n for n in entry.children if isinstance(n, formula_pending)]:
                label = pending["label"]
                found = domain.equations.get(label)
                math = None
                if found is not None:
                    docname = found[0]
                    if docname not in doctrees:
                        doctrees[docname] = self.env.get_doctree(docname)
                    math = _labelled_math(doctrees[docname], label)
                if math is None:
                    logger.warning("formula sheet %s: no displayed equation is labelled %r",
                                   self.env.docname, label, location=pending,
                                   type="formulas", subtype="unknown_label")
                    entry.remove(pending)
                    continue
                entry.replace(pending, _copy(math))
                for lesson, labels in sources:
                    if lesson == docname:
                        labels.append(label)
                        break
                else:
                    sources.append((docname, [label]))
            if sources:
                entry += self._derived_in(sources)

    def _lesson_name(self, lesson):
        """The lesson's number and title as the table of contents shows them: "1.4. Special
        cases: 1/x, ..." (the title's math as plain text, book/_ext/mathml.py)."""
        title = self.env.titles[lesson].astext() if lesson in self.env.titles else lesson
        number = self.env.toc_secnumbers.get(lesson, {}).get("")
        return f"{'.'.join(map(str, number))}. {title}" if number else title

    def _derived_in(self, sources):
        """"Derived in <lesson> (n), (m); <lesson> (k)." with every part a link."""
        line = nodes.paragraph(classes=["formula-source"])
        line += nodes.Text("Derived in ")
        for k, (lesson, labels) in enumerate(sources):
            if k:
                line += nodes.Text("; ")
            line += addnodes.pending_xref(
                "", nodes.inline("", self._lesson_name(lesson), classes=["doc"]),
                refdomain="std", reftype="doc", reftarget="/" + lesson, refexplicit=True,
                refwarn=True, refdoc=self.env.docname)
            for j, label in enumerate(labels):
                line += nodes.Text(", " if j else " ")
                line += addnodes.pending_xref(
                    "", nodes.inline("", ""), refdomain="math", reftype="eq",
                    reftarget=label, refexplicit=False, refwarn=True,
                    refdoc=self.env.docname)
        line += nodes.Text(".")
        return line


def add_stylesheet(app, pagename, templatename, context, doctree):
    """formulas.css on the pages with a formula sheet, and no other (the HTML builder forgets a
    file added during html-page-context once the page is written)."""
    if app.env.metadata.get(pagename, {}).get("formula_sheet") and hasattr(app.builder,
                                                                          "add_css_file"):
        app.builder.add_css_file(STYLESHEET)


def sheets_outdated(app, env, added, changed, removed):
    """Re-read the sheets whenever another page changed: one of its equations may have."""
    sheets = {doc for doc, meta in env.metadata.items() if meta.get("formula_sheet")}
    if (added | changed | removed) - sheets:
        return sorted(sheets - removed)
    return []


def setup(app):
    app.add_node(formula_pending, html=(_visit_pending, None), latex=(_visit_pending, None),
                 text=(_visit_pending, None))
    app.add_directive("formula", FormulaDirective)
    app.add_post_transform(CopyLessonFormulas)
    app.connect("env-get-outdated", sheets_outdated)
    app.connect("html-page-context", add_stylesheet)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

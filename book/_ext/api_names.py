"""The API reference's two names for one function, and plain-text maths in docstrings.

1. The reader calls ``mlcalc.jacobian``, so the API pages document each re-exported function
   under that name; its module's docstring says :func:`jacobian` and means
   ``mlcalc.multivariate.jacobian``. autodoc gives a re-exported *class* its module path as a
   second, aliased name (``:canonical:``) but not a function. After reading, this registers the
   same alias for every function, exception or datum documented as ``mlcalc.NAME`` whose object
   lives in ``mlcalc.MODULE`` (or that a module imports, as ``mlcalc.plot`` imports
   ``StepSizeWarning``): both names then lead to the one entry, and the inventory keeps
   only ``mlcalc.NAME`` (aliases are not written to it, as for classes).
2. A few docstrings write maths in plain text that reStructuredText reads as markup: ``|x|``
   (a substitution), ``O(|dx|**2)``, ``model(x, *p)`` (emphasis). Outside ``inline literals``
   and examples, every ``|`` and every ``*`` that unpacks an argument is escaped before napoleon
   and reStructuredText read the docstring, so it shows as written. Where the docstrings write
   their maths as inline literals this does nothing.
"""

import importlib
import re

from sphinx.domains.python import ObjectEntry

PACKAGE = "mlcalc"
MODULES = ("approximation", "chain", "datasets", "derivatives", "multivariate", "nn",
           "optimisation", "plot", "regression", "sandpit", "symbolic", "widgets")
#: ``|`` (an absolute value, such as ``|x|``: mlcalc's docstrings use no substitutions), and ``*``
#: unpacking an argument, as in ``model(x, *p)`` (not ``(*emphasis*)``)
STRAY = re.compile(r"\||(?<=[(,] )\*(?=\w+[),])|(?<=\()\*(?=\w+[),])")
LITERAL = re.compile(r"(``.*?``)")


def add_module_names(app, env):
    """``mlcalc.multivariate.jacobian`` as an alias of the documented ``mlcalc.jacobian``."""
    py = env.get_domain("py")
    package = importlib.import_module(PACKAGE)
    for name, entry in list(py.objects.items()):
        head, _, short = name.partition(".")
        if head != PACKAGE or "." in short or entry.aliased or entry.objtype == "module":
            continue
        obj = getattr(package, short, None)
        for module in MODULES:
            alias = f"{PACKAGE}.{module}.{short}"
            if (getattr(importlib.import_module(alias.rpartition(".")[0]), short, None) is obj
                    and obj is not None and alias not in py.objects):
                py.objects[alias] = ObjectEntry(entry.docname, entry.node_id, entry.objtype,
                                                aliased=True)
    return []


def escape_plain_maths(app, what, name, obj, options, lines):
    """Escape ``|`` and argument ``*`` outside inline literals in an mlcalc docstring."""
    if not name.startswith(PACKAGE):
        return
    in_example = False
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        in_example = stripped.startswith((">>>", "...")) or (in_example and stripped != "")
        if in_example:
            continue
        parts = LITERAL.split(line)
        lines[i] = "".join(p if k % 2 else STRAY.sub(lambda m: "\\" + m.group(0), p)
                           for k, p in enumerate(parts))


def setup(app):
    app.connect("env-updated", add_module_names)
    app.connect("autodoc-process-docstring", escape_plain_maths, priority=400)  # before napoleon
    return {"parallel_read_safe": True, "parallel_write_safe": True}

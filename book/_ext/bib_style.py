"""The bibliography's labels in the text's own form, "Galton 1886", instead of pybtex's alpha
labels ("Gal86"): the chapters cite author-year (``bibtex_reference_style: author_year``), and a
reader who follows [Galton, 1886] should land on an entry that says the same. Registered as the
pybtex style ``authoryear`` (``bibtex_default_style`` in _config.yml)."""

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as Unsorted
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting.author_year_title import SortingStyle


class AuthorYearLabels(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            people = entry.persons.get("author") or entry.persons.get("editor") or []
            names = [" ".join(p.last_names).replace("{", "").replace("}", "") for p in people]
            who = (names[0] if len(names) == 1 else " and ".join(names) if len(names) == 2
                   else f"{names[0]} et al." if names else entry.fields.get("organization", "Anon."))
            yield f"{who} {entry.fields.get('year', 'n.d.')}"


class AuthorYear(Unsorted):
    default_label_style = AuthorYearLabels
    default_sorting_style = SortingStyle


def setup(app):
    register_plugin("pybtex.style.formatting", "authoryear", AuthorYear)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Examples written as doctests in pages without code cells (the API reference's index) run
here, so that their printed outputs cannot drift from what mlcalc returns."""

import doctest
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "book" / "api" / "index.md"]
BLOCK = re.compile(r"```python\n(>>> .*?)```", re.S)


def examples():
    for page in PAGES:
        for k, block in enumerate(BLOCK.findall(page.read_text(encoding="utf-8"))):
            yield pytest.param(page, block, id=f"{page.relative_to(ROOT)}[{k}]")


@pytest.mark.parametrize("page, block", list(examples()))
def test_the_example_prints_what_it_shows(page, block):
    test = doctest.DocTestParser().get_doctest(block, {}, page.name, str(page), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries > 0, f"{page}: the example's output differs"

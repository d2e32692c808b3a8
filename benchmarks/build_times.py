"""Build times, measured in a throwaway copy of the repository: clean, cached, one page edited.

Run with `make bench`. "Clean" executes every cell (empty cache); "cached" rebuilds with nothing
changed; "one-page edit" changes the code of one cell on one page, so that page alone runs.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
EDITED = Path("book/01-what-is-calculus/functions.md")


def timed_build(copy: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(JUPYTER_BOOK), "build", ".", "-W", "-n", "--keep-going", "-q"], cwd=copy,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={k: v for k, v in os.environ.items() if k not in ("CI", "MLCALC_FORCE_EXECUTE")})
    return time.perf_counter() - start


def main():
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp)
        for name in files:
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
        clean = timed_build(copy)
        cached = timed_build(copy)
        page = copy / EDITED
        page.write_text(page.read_text().replace("plot.setup()", "plot.setup()  # edited", 1))
        edited = timed_build(copy)
    print("| build | seconds |\n|---|---|")
    print(f"| clean (every cell executed) | {clean:.1f} |")
    print(f"| cached, nothing changed | {cached:.1f} |")
    print(f"| one page's code edited ({EDITED.name}) | {edited:.1f} |")


if __name__ == "__main__":
    main()

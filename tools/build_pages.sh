#!/usr/bin/env bash
# Build the book with only some pages of one chapter in a private copy, so that several authors
# can work at once without sharing _build. Chapters 1 and 2 stay in (for cross-references), and
# the pages given go in a chapter of their own under the index of their folder; the private
# copy's cached outputs are kept between runs.
#   tools/build_pages.sh NAME PAGE...   e.g. tools/build_pages.sh taylor book/04-taylor-series/examples
# The site is written to /tmp/mlcalc-pages-NAME/_build/html.
set -euo pipefail
name=$1; shift
repo=$(cd "$(dirname "$0")/.." && pwd)
dest=/tmp/mlcalc-pages-$name
mkdir -p "$dest"
rsync -a --delete --exclude _build --exclude .venv --exclude .git --exclude .cache "$repo"/ "$dest"/
chapter=$(dirname "${1%.md}")
{
  sed -n '1,/book\/02-multivariate-calculus\/reality-is-hard/p' "$repo/_toc.yml"
  if [ "$chapter" != book/02-multivariate-calculus ]; then  # chapter 2 is in already
    echo "      - file: $chapter/index"
    echo "        sections:"
    for page in "$@"; do
      [ "${page%.md}" = "$chapter/index" ] || echo "          - file: ${page%.md}"
    done
  fi
} > "$dest/_toc.yml"
[ -f "$dest/$chapter/index.md" ] || printf '# %s\n' "$chapter" > "$dest/$chapter/index.md"
cd "$dest"
"$repo/.venv/bin/jupyter-book" build . -W -n --keep-going 2>&1 | grep -v "IPKernelApp\|^$" | tail -40

#!/usr/bin/env bash
# Build the book with only some pages of chapter 2 in a private copy, so that several authors can
# work at once without sharing _build. Chapter 1 stays in (for cross-references); its cached
# outputs are kept between runs.
#   tools/build_pages.sh NAME PAGE...   e.g. tools/build_pages.sh jac book/02-multivariate-calculus/jacobian
# The site is written to /tmp/mlcalc-pages-NAME/_build/html.
set -euo pipefail
name=$1; shift
repo=$(cd "$(dirname "$0")/.." && pwd)
dest=/tmp/mlcalc-pages-$name
mkdir -p "$dest"
rsync -a --delete --exclude _build --exclude .venv --exclude .git --exclude .cache "$repo"/ "$dest"/
{
  sed -n '1,/book\/01-what-is-calculus\/taming-the-beast/p' "$repo/_toc.yml"
  echo "      - file: book/02-multivariate-calculus/index"
  echo "        sections:"
  for page in "$@"; do echo "          - file: ${page%.md}"; done
} > "$dest/_toc.yml"
cd "$dest"
"$repo/.venv/bin/jupyter-book" build . -W -n --keep-going 2>&1 | grep -v "IPKernelApp\|^$" | tail -40

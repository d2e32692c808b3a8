"""Make book/_static/fonts/mlcalc-math-stretchy.woff2: the stretchy operators of STIX Math.

Browsers stretch a MathML operator (a labelled arrow, an underbrace, a big or tall bracket) with
the OpenType MATH table of the operator's font: its larger variants and the parts it is
assembled from. Many readers have no math font with one (or one whose arrow loses its head when
assembled, as DejaVu Math TeX Gyre does in Chromium), so the book ships the few characters it
stretches, cut from STIX Math 1.1.1 (SIL Open Font License 1.1), with their MATH table. The
result is a few KB, and book/_static/mathml.css fetches it only on a page with such an operator.

Run it again when the book stretches a character not in CHARACTERS (tests/test_math.py checks),
with fontTools and brotli in a throwaway environment (the build does not need them)::

    python3 -m venv /tmp/ftv && /tmp/ftv/bin/pip install fonttools brotli
    apt-get download fonts-stix && dpkg -x fonts-stix_*.deb /tmp/stix
    /tmp/ftv/bin/python tools/subset_math_font.py \
        /tmp/stix/usr/share/fonts/opentype/stix-word/STIXMath-Regular.otf

It prints the ``unicode-range`` that the @font-face in mathml.css must carry.
"""

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "book" / "_static" / "fonts" / "mlcalc-math-stretchy.woff2"

#: The family name of the subset. The OFL reserves the name STIX: a modified font needs its own.
FAMILY = "mlcalc Math Stretchy"

#: The characters the book stretches (Temml's output), and their partners.
CHARACTERS = (
    " "      # the space: Chromium takes an operator's MATH table from its element's first font
             # whose unicode-range holds U+0020 (the "primary font"), not from the font of the glyph
    "()[]{}|‖⟨⟩"  # fences: \left( \right), \big[, bmatrix, |x|, norms, angle brackets
    "√"      # the radical of \sqrt around something tall
    "→←↔"    # \xrightarrow (Temml writes U+2192), \xleftarrow, \xleftrightarrow
    "⏞⏟"     # \overbrace, \underbrace
)


def unicode_range(characters: str = CHARACTERS) -> str:
    """The CSS unicode-range of the characters: ``U+20, U+28-29, ...`` (runs joined)."""
    points = sorted({ord(c) for c in characters})
    runs = []
    for point in points:
        if runs and point == runs[-1][1] + 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in runs)


def _rename(font, family: str) -> None:
    """Give the subset its own name in the name table and the CFF table (OFL, section 3)."""
    postscript = family.replace(" ", "")
    names = {1: family, 2: "Regular", 3: f"{postscript}-Regular (subset of STIX Math 1.1.1)",
             4: family, 6: f"{postscript}-Regular"}
    table = font["name"]
    table.names = [n for n in table.names if n.nameID not in (*names, 16, 17, 21, 22)]
    for name_id, text in names.items():
        table.setName(text, name_id, 3, 1, 0x409)
        table.setName(text, name_id, 1, 0, 0)
    cff = font["CFF "].cff
    cff.fontNames = [f"{postscript}-Regular"]
    top = cff.topDictIndex[0]
    top.FullName, top.FamilyName = family, family


def _check(font) -> None:
    """Every stretchy character of the subset kept its variants and assembly parts."""
    cmap, order = font.getBestCmap(), set(font.getGlyphOrder())
    variants = font["MATH"].table.MathVariants
    constructions = {}
    for coverage, table in ((variants.VertGlyphCoverage, variants.VertGlyphConstruction),
                            (variants.HorizGlyphCoverage, variants.HorizGlyphConstruction)):
        constructions.update(zip(coverage.glyphs, table))
    for char in CHARACTERS.replace(" ", ""):
        glyph = cmap.get(ord(char))
        construction = constructions.get(glyph)
        if construction is None:
            raise SystemExit(f"{char} (U+{ord(char):04X}) has no MATH construction in the subset")
        used = [v.VariantGlyph for v in construction.MathGlyphVariantRecord]
        if construction.GlyphAssembly:
            used += [p.glyph for p in construction.GlyphAssembly.PartRecords]
        missing = set(used) - order
        if missing:
            raise SystemExit(f"{char}: the subset lost the glyphs {sorted(missing)}")


def main():
    from fontTools import subset
    from fontTools.ttLib import TTFont

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", help="STIXMath-Regular.otf (Debian: fonts-stix)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    font = TTFont(args.source)
    version = font["name"].getDebugName(5)
    if font["name"].getDebugName(1) != "STIX Math" or "1.1.1" not in version:
        raise SystemExit(f"{args.source} is {font['name'].getDebugName(4)} {version}, "
                         "not STIX Math 1.1.1 (update this script's names and README)")
    options = subset.Options()
    options.layout_features = ["*"]  # keeps GSUB ssty and the like; MATH is kept whole
    options.hinting = False
    options.desubroutinize = True  # compresses better in WOFF2
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 13, 14]  # copyright and licence stay
    options.flavor = "woff2"
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in CHARACTERS])
    subsetter.subset(font)  # closes over the MATH variants and assembly parts (unencoded glyphs)
    _rename(font, FAMILY)
    _check(font)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(args.out)
    print(f"{args.out}: {args.out.stat().st_size} bytes, {len(font.getGlyphOrder())} glyphs")
    print(f"unicode-range: {unicode_range()};")


if __name__ == "__main__":
    main()

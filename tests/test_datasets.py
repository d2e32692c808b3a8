"""mlcalc.datasets against independent references: NIST's certified results, the csv module
reading the shipped files on its own, Anscombe's and Bates & Watts' published numbers."""

import collections
import csv
import re
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import curve_fit, least_squares

from mlcalc import datasets
from mlcalc.datasets import NIST_NAMES, anscombe, galton_heights, nist, puromycin

PACKAGE = files("mlcalc.datasets")


def _raw_rows(filename):
    with (PACKAGE / "data" / filename).open(newline="", encoding="ascii") as handle:
        return list(csv.reader(handle))


# -- NIST StRD ---------------------------------------------------------------------------------

class TestNist:
    def test_names_are_the_shipped_files(self):
        shipped = {Path(str(p)).stem for p in (PACKAGE / "nist").iterdir()
                   if str(p).endswith(".dat")}
        assert set(NIST_NAMES) == shipped
        assert len(NIST_NAMES) == 27 == len(set(NIST_NAMES))

    def test_difficulty_counts_and_order(self):
        # NIST's order: 8 lower, then 11 average, then 8 higher
        expected = ["lower"] * 8 + ["average"] * 11 + ["higher"] * 8
        assert [nist(n).difficulty for n in NIST_NAMES] == expected
        counts = collections.Counter(expected)
        assert (counts["lower"], counts["average"], counts["higher"]) == (8, 11, 8)

    @pytest.mark.parametrize("name", [n for n in NIST_NAMES if n != "Lanczos1"])
    def test_model_at_certified_values_gives_certified_rss(self, name):
        p = nist(name)
        residuals = p.y - p.model(p.x, *p.certified)
        rss = float(residuals @ residuals)
        assert rss == pytest.approx(p.residual_sum_of_squares, rel=1e-6)

    def test_lanczos1_refit_reaches_certified_rss(self):
        # Lanczos1's data are its model to 13 digits: the certified RSS (1.4e-25) is below what
        # the 11-digit certified values reach, so refit from them in double precision instead.
        p = nist("Lanczos1")
        fit = least_squares(lambda b: p.y - p.model(p.x, *b), p.certified,
                            xtol=1e-15, ftol=1e-15, gtol=1e-15, x_scale="jac")
        np.testing.assert_allclose(fit.x, p.certified, rtol=1e-9)
        assert 2 * fit.cost == pytest.approx(p.residual_sum_of_squares, rel=0.05)
        residuals = p.y - p.model(p.x, *p.certified)
        assert np.abs(residuals).max() < 1e-10 * np.abs(p.y).max()

    @pytest.mark.parametrize("name", NIST_NAMES)
    def test_shapes_and_counts(self, name):
        p = nist(name)
        text = (PACKAGE / "nist" / f"{name}.dat").read_text()
        n_obs = int(re.search(r"Number of Observations:\s+(\d+)", text).group(1))
        assert p.n_params == int(re.search(r"(\d+) Parameters", text).group(1))
        assert p.starts.shape == (2, p.n_params)
        assert p.certified.shape == p.certified_sd.shape == (p.n_params,)
        assert p.y.shape == (n_obs,)
        assert p.x.shape == ((n_obs, 2) if name == "Nelson" else (n_obs,))
        assert (p.certified_sd > 0).all()
        assert p.formula.splitlines()[-1].rstrip().endswith("e")  # "... + e"

    @pytest.mark.parametrize("name", NIST_NAMES)
    def test_residual_sd_and_degrees_of_freedom(self, name):
        p = nist(name)
        n_free = len(p.y) - p.n_params
        assert p.residual_sd ** 2 * n_free == pytest.approx(p.residual_sum_of_squares, rel=1e-6)
        if name == "Rat43":  # NIST's file says 9; 15 observations less 4 parameters is 11
            assert (p.degrees_of_freedom, n_free) == (9, 11)
        else:
            assert p.degrees_of_freedom == n_free
            assert p.residual_sd ** 2 * p.degrees_of_freedom == pytest.approx(
                p.residual_sum_of_squares, rel=1e-6)

    def test_values_parsed_from_the_file(self):
        p = nist("Misra1a")
        np.testing.assert_array_equal(p.starts, [[500, 0.0001], [250, 0.0005]])
        np.testing.assert_array_equal(p.certified, [2.3894212918e02, 5.5015643181e-04])
        np.testing.assert_array_equal(p.certified_sd, [2.7070075241e00, 7.2668688436e-06])
        assert (p.residual_sum_of_squares, p.residual_sd, p.degrees_of_freedom) == (
            1.2455138894e-01, 1.0187876330e-01, 12)
        assert (p.x[0], p.y[0], p.x[-1], p.y[-1]) == (77.6, 10.07, 760.0, 81.78)

    def test_nelson_response_is_log_y(self):
        p = nist("Nelson")
        assert p.formula.startswith("log[y] =")
        assert p.y[0] == pytest.approx(np.log(15.0))
        assert tuple(p.x[0]) == (1.0, 180.0)

    def test_multiline_formula(self):
        assert nist("Hahn1").formula == ("y = (b1+b2*x+b3*x**2+b4*x**3) /\n"
                                         "    (1+b5*x+b6*x**2+b7*x**3)  +  e")

    def test_fit_from_start_2_reaches_certified_values(self):
        p = nist("Misra1a")
        b, _ = curve_fit(p.model, p.x, p.y, p0=p.starts[1])
        np.testing.assert_allclose(b, p.certified, rtol=1e-5)

    @pytest.mark.parametrize("bad", ["misra1a", "Misra1e", "", 3])
    def test_unknown_name(self, bad):
        with pytest.raises(ValueError, match=r"`name` must be one of 'Misra1a', .*'Bennett5'"):
            nist(bad)


# -- Galton ------------------------------------------------------------------------------------

class TestGalton:
    def test_counts(self):
        data = galton_heights()
        assert len(data) == 934
        families = set(data["family"])
        assert len(families) == 205
        assert {"001", "136A", "204"} <= families
        assert all(re.fullmatch(r"\d{3}A?", f) for f in families)
        assert collections.Counter(data["gender"]) == {"male": 481, "female": 453}

    def test_against_the_csv_module(self):
        header, *rows = _raw_rows("galton_families.csv")
        assert header == ["family", "father", "mother", "midparentHeight", "children",
                          "childNum", "gender", "childHeight"]
        column = {name: [row[i] for row in rows] for i, name in enumerate(header)}
        inches = galton_heights(unit="in")
        mean_in = sum(float(h) for h in column["childHeight"]) / len(rows)
        assert float(inches["height"].mean()) == pytest.approx(mean_in, rel=1e-12)
        assert list(inches["family"]) == column["family"]
        assert list(inches["gender"]) == column["gender"]
        assert list(inches["child_number"]) == [int(c) for c in column["childNum"]]
        assert list(inches["children"]) == [int(c) for c in column["children"]]
        # 'children' is the family's number of rows in the table
        per_family = collections.Counter(column["family"])
        assert all(int(c) == per_family[f] for f, c in zip(column["family"], column["children"]))
        assert inches["children"].dtype.kind == inches["child_number"].dtype.kind == "i"

    def test_centimetres_are_inches_times_2_54(self):
        cm, inches = galton_heights(), galton_heights(unit="in")
        for name in ("father", "mother", "midparent", "height"):
            np.testing.assert_allclose(cm[name], inches[name] * 2.54, rtol=1e-15)
            assert (cm.units[name], inches.units[name]) == ("cm", "in")
        assert round(float(cm["height"].mean()), 2) == 169.53

    def test_midparent_is_galtons_formula(self):
        data = galton_heights(unit="in")
        galton = (data["father"] + 1.08 * data["mother"]) / 2
        np.testing.assert_allclose(data["midparent"], galton, atol=0.005 + 1e-9)

    @pytest.mark.parametrize("bad", ["mm", "CM", "inch", None])
    def test_bad_unit(self, bad):
        with pytest.raises(ValueError, match=r"`unit` must be one of 'cm', 'in'; got "
                                             + re.escape(repr(bad))):
            galton_heights(unit=bad)


# -- Anscombe ----------------------------------------------------------------------------------

class TestAnscombe:
    @pytest.mark.parametrize("i", [1, 2, 3, 4])
    def test_published_statistics(self, i):
        data = anscombe()
        x, y = data[f"x{i}"], data[f"y{i}"]
        assert len(data) == 11
        assert x.mean() == pytest.approx(9)
        assert np.var(x, ddof=1) == pytest.approx(11)
        assert round(float(y.mean()), 2) == 7.50
        # 0.816 to 3 decimals (set 4's 0.81652 would round up to 0.817)
        assert abs(np.corrcoef(x, y)[0, 1] - 0.816) < 1e-3
        slope, intercept = np.polyfit(x, y, 1)
        assert (round(float(intercept), 2), round(float(slope), 3)) == (3.00, 0.500)

    def test_against_the_csv_module(self):
        header, *rows = _raw_rows("anscombe.csv")
        data = anscombe()
        assert list(data.columns) == header
        for i, name in enumerate(header):
            assert list(data[name]) == [float(row[i]) for row in rows]


# -- Puromycin ---------------------------------------------------------------------------------

class TestPuromycin:
    def test_counts_and_units(self):
        data = puromycin()
        assert len(data) == 23
        assert collections.Counter(data["state"]) == {"treated": 12, "untreated": 11}
        assert data.units == {"concentration": "ppm", "rate": "counts/min^2", "state": ""}

    def test_michaelis_menten_fit_matches_bates_and_watts(self):
        data = puromycin()
        treated = data["state"] == "treated"

        def michaelis_menten(c, vm, k):
            return vm * c / (k + c)

        (vm, k), _ = curve_fit(michaelis_menten, data["concentration"][treated],
                               data["rate"][treated], p0=[200, 0.05])
        assert float(f"{vm:.4g}") == 212.7
        assert float(f"{k:.4g}") == 0.06412


# -- the Dataset container ---------------------------------------------------------------------

class TestDataset:
    @pytest.mark.parametrize("load", [galton_heights, puromycin, anscombe])
    def test_arrays_are_read_only(self, load):
        data = load()
        for column in data.columns.values():
            with pytest.raises(ValueError, match="read-only"):
                column[0] = column[1]
            assert len(column) == len(data)

    def test_nist_arrays_are_read_only(self):
        p = nist("Nelson")
        for arr in (p.x, p.y, p.starts, p.certified, p.certified_sd):
            with pytest.raises(ValueError, match="read-only"):
                arr[0] = 0

    def test_unknown_column(self):
        with pytest.raises(KeyError, match=r"'puromycin' has no column 'conc'; its columns are "
                                           r"'concentration', 'rate', 'state'"):
            puromycin()["conc"]

    def test_frozen_and_repr(self):
        data = anscombe()
        with pytest.raises(AttributeError):
            data.name = "other"
        assert repr(data) == "Dataset('anscombe': 11 rows; x1, x2, x3, x4, y1, y2, y3, y4)"
        assert set(data.units) == set(data.columns)
        assert "Anscombe (1973)" in data.source and "\n" not in data.source

    def test_public_names(self):
        assert set(datasets.__all__) == {"Dataset", "galton_heights", "puromycin", "anscombe",
                                         "NistProblem", "nist", "NIST_NAMES"}
        import mlcalc
        assert mlcalc.datasets is datasets

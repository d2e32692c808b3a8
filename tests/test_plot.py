"""mlcalc.plot: the helpers draw what they claim (checked on the plotted data)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlcalc import plot


@pytest.fixture
def ax():
    plot.setup()
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_tangent_has_the_derivative_as_slope(ax):
    plot.curve(ax, np.exp, (0, 2))
    plot.tangent(ax, np.exp, 1.0)
    xs, ys = ax.lines[1].get_data()
    assert (ys[1] - ys[0]) / (xs[1] - xs[0]) == pytest.approx(np.e, rel=1e-9)


def test_secant_joins_the_two_points(ax):
    plot.secant(ax, "x**2", 1.0, 0.5)
    xs, ys = ax.lines[1].get_data()  # the two marked points
    assert list(xs) == [1.0, 1.5] and list(ys) == [1.0, 2.25]
    assert {t.get_text() for t in ax.texts} == {"rise", "run"}


def test_function_and_derivative_uses_given_or_numerical(ax):
    fig, axes = plt.subplots(1, 2)
    plot.function_and_derivative(axes, np.sin, (0, 3))
    x, dy = axes[1].lines[0].get_data()
    np.testing.assert_allclose(dy, np.cos(x), atol=1e-9)
    assert axes[1].get_ylabel() == "f'(x)"
    plt.close(fig)


def test_step_error_shows_the_v_shape(ax):
    plot.step_error(ax, np.exp, 1.0, np.e, methods=["central"])
    h, err = ax.lines[0].get_data()
    best = h[np.argmin(err)]
    assert 1e-7 < best < 1e-3  # truncation falls, round-off rises: the minimum sits in between
    assert err[0] > 100 * err.min() and err[-1] > 100 * err.min()


def test_step_error_rejects_unknown_method(ax):
    with pytest.raises(ValueError, match="`methods` must contain only"):
        plot.step_error(ax, np.exp, 1.0, np.e, methods=["centre"])


def test_bad_xlim(ax):
    with pytest.raises(ValueError, match="`xlim` must be two finite numbers"):
        plot.curve(ax, np.sin, (2, 1))


def test_palette_is_the_style_cycle():
    plot.setup()
    assert plt.rcParams["axes.prop_cycle"].by_key()["color"][0] == plot.COLORS["blue"]

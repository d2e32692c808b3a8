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


class TestNetwork:
    def test_one_circle_per_neuron_one_line_per_weight(self, ax):
        sizes = [1, 6, 7, 2]
        assert plot.network(sizes, ax=ax) is ax
        assert len(ax.patches) == sum(sizes)
        assert len(ax.lines) == sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))

    def test_lines_join_the_right_neurons(self, ax):
        plot.network([2, 3], ax=ax)
        centres = np.array([p.center for p in ax.patches])
        left, right = centres[:2], centres[2:]
        for line in ax.lines:   # each line points from a left neuron to a right one
            x, y = line.get_data()
            start, end = np.array([x[0], y[0]]), np.array([x[1], y[1]])
            assert np.min(np.linalg.norm(left - start, axis=1)) == pytest.approx(0.3)
            assert np.min(np.linalg.norm(right - end, axis=1)) == pytest.approx(0.3)

    def test_weights_set_colour_and_width(self, ax):
        w = np.array([[0.5, -2.0], [0.0, 1.0]])   # outputs x inputs
        plot.network([2, 2], ax=ax, weights=[w])
        # lines are drawn output by output, input by input: w[0,0], w[0,1], w[1,0], w[1,1]
        colours = [line.get_color() for line in ax.lines]
        assert colours == [plot.COLORS["blue"], plot.COLORS["vermillion"],
                           "#BBBBBB", plot.COLORS["blue"]]
        widths = [line.get_linewidth() for line in ax.lines]
        assert widths[1] == max(widths) and widths[2] == min(widths)

    def test_labels(self, ax):
        plot.network([1, 2], ax=ax, node_labels=[["x"], ["p", ""]], layer_labels=["in", "out"])
        assert sorted(t.get_text() for t in ax.texts) == ["in", "out", "p", "x"]

    def test_new_figure_when_no_ax(self):
        ax = plot.network([2, 1])
        assert ax.figure is not None
        plt.close(ax.figure)

    @pytest.mark.parametrize("kwargs, match", [
        (dict(sizes=[2, 0]), "`sizes` must be positive whole numbers"),
        (dict(sizes=[2, 1.5]), "`sizes` must be positive whole numbers"),
        (dict(sizes=[2, 3], weights=[np.zeros((2, 3))]), r"`weights` must have shapes \[\(3, 2\)\]"),
        (dict(sizes=[2, 1], node_labels=[["a"], ["b"]]), "`node_labels` must have one entry"),
        (dict(sizes=[2, 1], layer_labels=["a"]), "`layer_labels` must have one entry"),
    ])
    def test_bad_input(self, ax, kwargs, match):
        with pytest.raises(ValueError, match=match):
            plot.network(ax=ax, **kwargs)

"""mlcalc.nn against independent references: SymPy's exact derivatives of a small network,
central differences on every parameter, and a per-sample loop written from the course's formulas."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from mlcalc.nn import Network, TrainingError, gradient_check, heart, train_snapshots

SHAPES = [[1, 2], [1, 6, 7, 2], [3, 4, 1], [2, 5, 5, 3], [4, 1, 4]]


def data(sizes, n=17, seed=0):
    rng = np.random.default_rng(seed)
    return rng.uniform(-1, 1, (n, sizes[0])), rng.uniform(0, 1, (n, sizes[-1]))


def reference_forward(net, x):
    """One sample at a time, as a = sigma(W a + b) is written for one column."""
    act = {"logistic": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh}[net.activation]
    out = []
    for sample in x:
        a = sample
        for w, b in zip(net.weights, net.biases):
            a = act(w @ a + b)
        out.append(a)
    return np.array(out)


def central_differences(net, x, y, h=1e-6):
    """dC/dtheta by central differences, one parameter at a time, written out here."""
    grads = []
    for p in (p for wb in zip(net.weights, net.biases) for p in wb):
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + h
            up = net.cost(x, y)
            p[idx] = old - h
            down = net.cost(x, y)
            p[idx] = old
            g[idx] = (up - down) / (2 * h)
        grads.append(g)
    return grads


class TestNetwork:
    @pytest.mark.parametrize("sizes", SHAPES)
    def test_parameter_shapes(self, sizes):
        net = Network(sizes)
        assert [w.shape for w in net.weights] == list(zip(sizes[1:], sizes[:-1]))
        assert [b.shape for b in net.biases] == [(n,) for n in sizes[1:]]

    def test_weights_are_standard_normal_over_two_from_the_seed(self):
        net = Network([1, 6, 7, 2], seed=5)
        rng = np.random.default_rng(5)
        expected = [rng.standard_normal(s) / 2 for s in [(6, 1), (7, 6), (2, 7)]]
        expected += [rng.standard_normal(n) / 2 for n in (6, 7, 2)]
        for got, want in zip(net.weights + net.biases, expected):
            np.testing.assert_array_equal(got, want)

    def test_same_seed_same_network_other_seed_other(self):
        a, b, c = Network([2, 3, 1], seed=1), Network([2, 3, 1], seed=1), Network([2, 3, 1], seed=2)
        np.testing.assert_array_equal(a.parameters(), b.parameters())
        assert not np.allclose(a.parameters(), c.parameters())

    @pytest.mark.parametrize("activation", ["logistic", "tanh"])
    @pytest.mark.parametrize("sizes", SHAPES)
    def test_forward_matches_per_sample_loop(self, sizes, activation):
        net = Network(sizes, activation=activation, seed=3)
        x, _ = data(sizes)
        np.testing.assert_allclose(net.forward(x), reference_forward(net, x), rtol=1e-13, atol=1e-15)

    def test_parameters_are_live(self):
        net = Network([1, 2])
        x = np.array([[0.3]])
        before = net.forward(x)
        net.weights[0][1, 0] += 1.0
        after = net.forward(x)
        assert after[0, 0] == before[0, 0] and after[0, 1] != before[0, 1]

    def test_course_quiz_tanh_neuron(self):
        net = Network([1, 1], activation="tanh")
        net.weights[0][:] = 1.3
        net.biases[0][:] = -0.1
        x = np.linspace(-1, 1, 5)[:, None]
        np.testing.assert_allclose(net.forward(x)[:, 0], np.tanh(1.3 * x[:, 0] - 0.1), rtol=1e-15)

    def test_course_quiz_layer(self):
        net = Network([3, 2], activation="tanh")
        net.weights[0][:] = [[-2, 4, -1], [6, 0, -3]]
        net.biases[0][:] = [0.1, -2.5]
        x = np.array([[0.3, 0.4, 0.1]])
        want = np.tanh(np.array([[-2, 4, -1], [6, 0, -3]]) @ x[0] + [0.1, -2.5])
        np.testing.assert_allclose(net.forward(x)[0], want, rtol=1e-15)

    def test_cost_is_mean_squared_distance(self):
        net = Network([2, 3, 2], seed=4)
        x, y = data([2, 3, 2])
        a = reference_forward(net, x)
        assert net.cost(x, y) == pytest.approx(np.mean([np.dot(r, r) for r in a - y]), rel=1e-13)


class TestGradients:
    @pytest.mark.parametrize("activation", ["logistic", "tanh"])
    @pytest.mark.parametrize("sizes", SHAPES)
    def test_against_central_differences(self, sizes, activation):
        net = Network(sizes, activation=activation, seed=7)
        x, y = data(sizes, seed=8)
        for (dw, db), (fw, fb) in zip(net.gradients(x, y),
                                      zip(*[iter(central_differences(net, x, y))] * 2)):
            np.testing.assert_allclose(dw, fw, rtol=1e-6, atol=1e-9)
            np.testing.assert_allclose(db, fb, rtol=1e-6, atol=1e-9)

    @pytest.mark.parametrize("activation", ["logistic", "tanh"])
    def test_against_sympy_exact(self, activation):
        sizes = [2, 2, 1]
        net = Network(sizes, activation=activation, seed=2)
        x, y = data(sizes, n=3, seed=1)
        w1 = sp.Matrix(2, 2, sp.symbols("w0:4"))
        b1 = sp.Matrix(sp.symbols("b0:2"))
        w2 = sp.Matrix(1, 2, sp.symbols("v0:2"))
        b2 = sp.Matrix(sp.symbols("c0:1"))
        act = {"logistic": lambda z: 1 / (1 + sp.exp(-z)), "tanh": sp.tanh}[activation]
        cost = 0
        for xi, yi in zip(x, y):
            a1 = (w1 * sp.Matrix(xi) + b1).applyfunc(act)
            a2 = (w2 * a1 + b2).applyfunc(act)
            cost += (a2[0] - yi[0]) ** 2
        cost /= len(x)
        values = dict(zip(list(w1) + list(b1) + list(w2) + list(b2), net.parameters()))
        exact = [float(sp.diff(cost, s).subs(values)) for s in values]
        got = np.concatenate([g.ravel() for pair in net.gradients(x, y) for g in pair])
        np.testing.assert_allclose(got, exact, rtol=1e-12, atol=1e-14)

    def test_tanh_neuron_db_from_the_quiz(self):
        # C = (a - y)^2 with a = tanh(w x + b): dC/db = 2 (a - y) (1 - a^2)
        net = Network([1, 1], activation="tanh")
        net.weights[0][:] = 1.3
        net.biases[0][:] = -0.1
        x, y = np.array([[0.7]]), np.array([[0.2]])
        a = np.tanh(1.3 * 0.7 - 0.1)
        assert net.gradients(x, y)[0][1][0] == pytest.approx(2 * (a - 0.2) * (1 - a**2), rel=1e-14)

    @settings(max_examples=25, deadline=None)
    @given(sizes=st.lists(st.integers(1, 5), min_size=2, max_size=4),
           activation=st.sampled_from(["logistic", "tanh"]), seed=st.integers(0, 10**6))
    def test_gradient_check_passes_on_random_networks(self, sizes, activation, seed):
        net = Network(sizes, activation=activation, seed=seed)
        x, y = data(sizes, n=9, seed=seed + 1)
        check = gradient_check(net, x, y)
        assert check.relative_error <= 1e-7, check.relative_error

    @pytest.mark.parametrize("quiz", ["tanh neuron", "layer"])
    def test_gradient_check_passes_on_the_course_quiz_networks(self, quiz):
        if quiz == "tanh neuron":  # w = 1.3, b = -0.1
            net = Network([1, 1], activation="tanh")
            net.weights[0][:] = 1.3
            net.biases[0][:] = -0.1
        else:                      # W = [[-2, 4, -1], [6, 0, -3]], b = [0.1, -2.5]
            net = Network([3, 2], activation="tanh")
            net.weights[0][:] = [[-2, 4, -1], [6, 0, -3]]
            net.biases[0][:] = [0.1, -2.5]
        x, y = data(net.sizes, n=11, seed=4)
        check = gradient_check(net, x, y)
        assert check.passed and check.relative_error <= 1e-7, check.relative_error

    def test_gradient_check_catches_a_wrong_gradient(self, monkeypatch):
        net = Network([1, 3, 2], seed=1)
        x, y = data([1, 3, 2])
        wrong = net._backprop

        def off_by_a_bit(x, y):
            grads = wrong(x, y)
            grads[0] = (grads[0][0] * 1.01, grads[0][1])
            return grads

        monkeypatch.setattr(net, "_backprop", off_by_a_bit)
        assert not gradient_check(net, x, y).passed

    def test_inputs_not_mutated(self):
        net = Network([1, 6, 7, 2])
        t, points = heart()
        x, y = t[:, None].copy(), points.copy()
        before = net.parameters()
        net.gradients(x, y)
        np.testing.assert_array_equal(x[:, 0], t)
        np.testing.assert_array_equal(y, points)
        np.testing.assert_array_equal(net.parameters(), before)


class TestTrain:
    def test_history_is_the_cost_after_each_step(self):
        net = Network([1, 6, 7, 2], seed=0)
        t, points = heart()
        twin = Network([1, 6, 7, 2], seed=0)
        history = net.train(t[:, None], points, step=3, iterations=5)
        assert history.shape == (6,)
        for k in range(5):
            assert history[k] == pytest.approx(twin.cost(t[:, None], points), rel=1e-12)
            for (dw, db), w, b in zip(twin.gradients(t[:, None], points), twin.weights, twin.biases):
                w -= 3 * dw
                b -= 3 * db
        np.testing.assert_allclose(net.parameters(), twin.parameters(), rtol=1e-12)

    def test_reproducible_with_noise_and_seed(self):
        t, points = heart(50)
        runs = [Network([1, 4, 2]).train(t[:, None], points, step=2, iterations=30, noise=1, seed=s)
                for s in (4, 4, 5)]
        np.testing.assert_array_equal(runs[0], runs[1])
        assert not np.array_equal(runs[0], runs[2])

    def test_descent_lowers_the_cost(self):
        t, points = heart()
        history = Network([1, 6, 7, 2]).train(t[:, None], points, step=7, iterations=300)
        assert history[-1] < 0.5 * history[0]

    def test_divergence_stops_and_keeps_finite_weights(self):
        net = Network([1, 3, 1], activation="tanh", seed=0)
        x = np.array([[1.0], [-1.0]])
        y = np.array([[10.0], [-10.0]])  # out of tanh's reach: large gradients
        with pytest.raises(TrainingError, match="diverged at iteration 1:") as info:
            net.train(x, y, step=1e308, iterations=50)  # the first step overflows
        assert np.isfinite(net.parameters()).all()
        assert np.isfinite(info.value.history).all()


class TestSnapshots:
    def test_same_run_as_train_and_frames_are_the_network_then(self):
        t, points = heart(60)
        x = t[:, None]
        grid = np.linspace(0, 1, 7)[:, None]
        plain = Network([1, 5, 2], seed=2)
        history = plain.train(x, points, step=4, iterations=40, noise=0.5, seed=9)
        net = Network([1, 5, 2], seed=2)
        snaps = train_snapshots(net, x, points, step=4, iterations=40, at=[0, 15, 40],
                                inputs=grid, noise=0.5, seed=9)
        np.testing.assert_array_equal(snaps.cost, history)
        np.testing.assert_array_equal(net.parameters(), plain.parameters())
        np.testing.assert_array_equal(snaps.outputs[-1], plain.forward(grid))
        np.testing.assert_array_equal(snaps.outputs[0], Network([1, 5, 2], seed=2).forward(grid))
        partway = Network([1, 5, 2], seed=2)
        partway.train(x, points, step=4, iterations=15, noise=0.5, seed=9)
        np.testing.assert_array_equal(snaps.outputs[1], partway.forward(grid))
        assert snaps.iterations.tolist() == [0, 15, 40]

    @pytest.mark.parametrize("at", [[], [3, 2], [0, 41], [-1, 5], [0.5, 2], [[1, 2]]])
    def test_bad_at(self, at):
        t, points = heart(10)
        with pytest.raises(ValueError, match="`at` must be increasing whole numbers"):
            train_snapshots(Network([1, 2]), t[:, None], points, step=1, iterations=40, at=at)


    def test_parameters_not_finite_before_training(self):
        net = Network([1, 2])
        net.weights[0][0, 0] = np.inf
        with pytest.raises(TrainingError, match="not finite before training starts"):
            net.train(np.ones((2, 1)), np.zeros((2, 2)), step=1, iterations=3)


class TestHeart:
    def test_points_follow_the_course_formula(self):
        t, points = heart(100)
        np.testing.assert_array_equal(t, np.arange(100) / 100)
        s = 2 * np.pi * t
        x = 16 * np.sin(s) ** 3 / 20
        y = (13 * np.cos(s) - 5 * np.cos(2 * s) - 2 * np.cos(3 * s) - np.cos(4 * s)) / 20
        np.testing.assert_allclose(points, (np.column_stack([x, y]) + 1) / 2, rtol=1e-15)
        assert points.min() >= 0 and points.max() <= 1


class TestErrors:
    @pytest.mark.parametrize("sizes,match", [
        ([3], "at least two layers"), ([1, 0, 2], r"sizes\[1\] is 0"), ([1, 2.5], r"sizes\[1\] is 2.5"),
        ([1, True], r"sizes\[1\] is True"), ("12", "list of layer widths"), (5, "list of layer widths")])
    def test_bad_sizes(self, sizes, match):
        with pytest.raises((ValueError, TypeError), match=match):
            Network(sizes)

    def test_bad_activation(self):
        with pytest.raises(ValueError, match="`activation` must be one of 'logistic', 'tanh'; got 'relu'"):
            Network([1, 2], activation="relu")

    @pytest.mark.parametrize("x,match", [
        (np.zeros((4, 2)), r"`x` must have shape \(N, 1\).*\(4, 2\)"),
        (np.zeros(4), r"`x` must have shape \(N, 1\).*\(4,\)"),
        (np.zeros((0, 1)), "at least one sample"),
        (np.array([[0.1], [np.nan]]), "`x` must be finite, got nan")])
    def test_bad_x(self, x, match):
        with pytest.raises(ValueError, match=match):
            Network([1, 2]).forward(x)

    @pytest.mark.parametrize("y,match", [
        (np.zeros((3, 2)), r"`y` must have shape \(4, 2\).*\(3, 2\)"),
        (np.zeros((4, 1)), r"`y` must have shape \(4, 2\)"),
        (np.full((4, 2), np.inf), "`y` must be finite, got inf")])
    def test_bad_y(self, y, match):
        with pytest.raises(ValueError, match=match):
            Network([1, 2]).gradients(np.zeros((4, 1)), y)

    @pytest.mark.parametrize("kwargs,match", [
        ({"step": 0, "iterations": 3}, "`step` must be positive, got 0"),
        ({"step": -1, "iterations": 3}, "`step` must be positive, got -1"),
        ({"step": 1, "iterations": -1}, "`iterations` must be an integer >= 0, got -1"),
        ({"step": 1, "iterations": 2.5}, "`iterations` must be an integer >= 0, got 2.5"),
        ({"step": 1, "iterations": 3, "noise": -0.5}, "`noise` must be >= 0, got -0.5")])
    def test_bad_training_options(self, kwargs, match):
        with pytest.raises(ValueError, match=match):
            Network([1, 2]).train(np.zeros((4, 1)), np.zeros((4, 2)), **kwargs)

    def test_gradient_check_wants_a_network(self):
        with pytest.raises(TypeError, match="`net` must be a mlcalc.Network"):
            gradient_check("net", np.zeros((1, 1)), np.zeros((1, 1)))

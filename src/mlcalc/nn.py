"""A small neural network, written out: forward pass, cost, backpropagation, training.

The course's network (chapter 3): layers of neurons ``a = sigma(W a + b)``, trained by
steepest descent on the cost ``C = (1/N) sum_k |a_L(x_k) - y_k|^2``. Everything is plain
NumPy and vectorised over the batch: one sample per row, so a layer is

    Z = A W^T + b,    A' = sigma(Z)

with ``W`` of shape (outputs, inputs), as ``a = sigma(W a + b)`` needs for one column ``a``.

Backpropagation is the chain rule, applied from the cost back to each parameter:

    dC/dW_l = dC/da_l . da_l/dz_l . dz_l/dW_l,

where ``dC/da_L = 2 (a_L - y) / N``, ``da/dz = sigma'(z)`` (a diagonal Jacobian, so an
elementwise product), ``dz_l/dW_l`` brings in the layer's input ``a_{l-1}``, and the error
passed back to the layer before is ``dC/da_{l-1} = (dC/dz_l) W_l``. One backward sweep gives
every layer's gradient for about the price of two forward passes; finite differences need two
forward passes *per parameter* (:func:`gradient_check` does that, to check the sweep).

References
----------
Deisenroth, Faisal and Ong, *Mathematics for Machine Learning* (2020), sec. 5.6.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ._validation import check_choice, positive_step, real_array

__all__ = ["Network", "TrainingError", "GradientCheck", "gradient_check", "heart", "Snapshots",
           "train_snapshots"]

ACTIVATIONS = ("logistic", "tanh")


class TrainingError(FloatingPointError):
    """Training blew up: the cost stopped being finite.

    The network keeps the last parameters whose cost was finite; ``history`` holds the costs
    up to then and ``iteration`` the step that failed.
    """

    def __init__(self, message: str, *, iteration: int, history: np.ndarray):
        super().__init__(message)
        self.iteration = iteration
        self.history = history


def _activate(name: str, z: np.ndarray) -> np.ndarray:
    """sigma(z), computed in place in z (a fresh array of the layer's pre-activations)."""
    if name == "tanh":
        return np.tanh(z, out=z)
    z *= 0.5                 # the logistic 1/(1 + e^-z) = (1 + tanh(z/2))/2, which never overflows
    np.tanh(z, out=z)
    z *= 0.5
    z += 0.5
    return z


def _sigma_prime(name: str, a: np.ndarray) -> np.ndarray:
    """sigma'(z), written with the activation a = sigma(z) as the lab does."""
    if name == "tanh":
        return 1.0 - a * a
    return a - a * a         # a (1 - a)


def _validate_sizes(sizes) -> tuple[int, ...]:
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise TypeError(f"`sizes` must be a list of layer widths such as [1, 6, 7, 2], got {sizes!r}")
    if len(sizes) < 2:
        raise ValueError(f"`sizes` must name at least two layers (inputs and outputs), got {list(sizes)!r}")
    for k, width in enumerate(sizes):
        if isinstance(width, bool) or not isinstance(width, numbers.Integral):
            raise TypeError(f"`sizes` must hold whole numbers; sizes[{k}] is {width!r}")
        if width < 1:
            raise ValueError(f"`sizes` must hold positive widths; sizes[{k}] is {width}")
    return tuple(int(w) for w in sizes)


def _check_whole(name: str, value, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"`{name}` must be an integer >= {minimum}, got {value!r}")
    return int(value)


class Network:
    """A fully connected network ``a_{l+1} = sigma(W_l a_l + b_l)``.

    Parameters
    ----------
    sizes : sequence of int
        The width of each layer, inputs first: ``[1, 6, 7, 2]`` is the lab's network.
    activation : {"logistic", "tanh"}
        The same activation in every layer.
    seed : int
        Seeds ``np.random.default_rng``; weights, then biases, are drawn layer by layer from
        the standard normal and halved, as the course does.

    Attributes
    ----------
    weights : list of ndarray
        ``weights[l]`` has shape ``(sizes[l+1], sizes[l])``: outputs x inputs.
    biases : list of ndarray
        ``biases[l]`` has shape ``(sizes[l+1],)``.

    Examples
    --------
    >>> net = Network([1, 6, 7, 2], seed=0)
    >>> [w.shape for w in net.weights]
    [(6, 1), (7, 6), (2, 7)]
    >>> net.forward(np.array([[0.0], [0.5]])).shape
    (2, 2)
    """

    def __init__(self, sizes: Sequence[int], *, activation: str = "logistic", seed: int = 0):
        self.sizes = _validate_sizes(sizes)
        self.activation = check_choice("activation", activation, ACTIVATIONS)
        rng = np.random.default_rng(seed)
        pairs = list(zip(self.sizes[1:], self.sizes[:-1]))
        self.weights = [rng.standard_normal((n_out, n_in)) / 2 for n_out, n_in in pairs]
        self.biases = [rng.standard_normal(n_out) / 2 for n_out, _ in pairs]

    def __repr__(self) -> str:
        return f"Network({list(self.sizes)}, activation={self.activation!r})"

    # -- data -------------------------------------------------------------------------------
    def _inputs(self, x) -> np.ndarray:
        arr = real_array("x", x)
        if arr.ndim != 2 or arr.shape[1] != self.sizes[0]:
            raise ValueError(f"`x` must have shape (N, {self.sizes[0]}), one sample per row; "
                             f"got shape {arr.shape}")
        if arr.shape[0] == 0:
            raise ValueError("`x` must hold at least one sample, got 0 rows")
        return arr

    def _targets(self, y, n: int) -> np.ndarray:
        arr = real_array("y", y)
        if arr.shape != (n, self.sizes[-1]):
            raise ValueError(f"`y` must have shape ({n}, {self.sizes[-1]}), one target per row of "
                             f"`x`; got shape {arr.shape}")
        return arr

    # -- the three computations ----------------------------------------------------------------
    def _activations(self, a: np.ndarray) -> list[np.ndarray]:
        layers = [a]
        for w, b in zip(self.weights, self.biases):
            z = a @ w.T
            z += b
            a = _activate(self.activation, z)
            layers.append(a)
        return layers

    def forward(self, x) -> np.ndarray:
        """The network's outputs, shape ``(N, sizes[-1])``, for inputs ``x`` of shape ``(N, sizes[0])``.

        Examples
        --------
        >>> net = Network([1, 1], activation="tanh")
        >>> net.weights[0][:] = 1.3; net.biases[0][:] = -0.1
        >>> round(float(net.forward([[0.5]])[0, 0]), 6)   # tanh(1.3 * 0.5 - 0.1)
        0.500520
        """
        return self._activations(self._inputs(x))[-1]

    def cost(self, x, y) -> float:
        """The mean over the N samples of ``|a_L - y|^2``.

        Examples
        --------
        >>> net = Network([1, 2], seed=3)
        >>> x = np.zeros((4, 1)); y = net.forward(x)
        >>> net.cost(x, y)
        0.0
        """
        x = self._inputs(x)
        y = self._targets(y, len(x))
        return self._cost(x, y)

    def _cost(self, x: np.ndarray, y: np.ndarray) -> float:
        """The cost on checked inputs: the mean over samples of the squared distance."""
        residual = self._activations(x)[-1] - y
        return float(np.vdot(residual, residual)) / len(x)

    def gradients(self, x, y) -> list[tuple[np.ndarray, np.ndarray]]:
        """dC/dW_l and dC/db_l for every layer, by backpropagation.

        Returns
        -------
        list of (ndarray, ndarray)
            One ``(dC/dW_l, dC/db_l)`` pair per layer, each of its parameter's shape.

        Notes
        -----
        With ``delta_l = dC/dz_l`` (one row per sample): ``delta_L = 2 (a_L - y) / N * sigma'``,
        ``dC/dW_l = delta_l^T a_{l-1}``, ``dC/db_l = sum over samples of delta_l``, and
        ``delta_{l-1} = (delta_l W_l) * sigma'(z_{l-1})``.

        Examples
        --------
        >>> net = Network([1, 6, 7, 2])
        >>> t, points = heart(100)
        >>> [(dw.shape, db.shape) for dw, db in net.gradients(t[:, None], points)]
        [((6, 1), (6,)), ((7, 6), (7,)), ((2, 7), (2,))]
        """
        x = self._inputs(x)
        y = self._targets(y, len(x))
        return self._backprop(x, y)

    def _backprop(self, x: np.ndarray, y: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        return self._cost_and_gradients(x, y)[1]

    def _cost_and_gradients(self, x: np.ndarray, y: np.ndarray):
        """The cost and every layer's (dC/dW, dC/db), from one forward and one backward sweep."""
        layers = self._activations(x)
        residual = layers[-1] - y
        cost = float(np.vdot(residual, residual)) / len(x)
        error = residual
        error *= 2.0 / len(x)                                           # dC/da_L
        grads = []
        for l in range(len(self.weights) - 1, -1, -1):
            delta = _sigma_prime(self.activation, layers[l + 1])
            delta *= error                                              # dC/dz_l
            grads.append((delta.T @ layers[l], delta.sum(axis=0)))
            if l:
                error = delta @ self.weights[l]                         # dC/da_{l-1}
        grads.reverse()
        return cost, grads

    # -- parameters as one vector (for checks and plots) ----------------------------------------
    def parameters(self) -> np.ndarray:
        """Every weight and bias in one flat vector: W_0, b_0, W_1, b_1, ..."""
        return np.concatenate([p.ravel() for wb in zip(self.weights, self.biases) for p in wb])

    def set_parameters(self, theta) -> None:
        """Load a flat vector laid out as :meth:`parameters` writes it."""
        theta = real_array("theta", theta)
        if theta.shape != self.parameters().shape:
            raise ValueError(f"`theta` must have shape {self.parameters().shape}, got {theta.shape}")
        k = 0
        for p in (p for wb in zip(self.weights, self.biases) for p in wb):
            p[...] = theta[k:k + p.size].reshape(p.shape)
            k += p.size

    # -- training ------------------------------------------------------------------------------
    def train(self, x, y, *, step: float, iterations: int, noise: float = 0.0,
              seed: int = 0) -> np.ndarray:
        """Steepest descent on the cost, as the lab trains: ``W <- W - step * dC/dW``.

        Parameters
        ----------
        x, y : array_like
            Inputs ``(N, sizes[0])`` and targets ``(N, sizes[-1])``.
        step : float
            The step size (the course's "aggression"; elsewhere the learning rate).
        iterations : int
            How many steps to take.
        noise : float
            Jitter: each gradient array is scaled by ``1 + noise * r`` with ``r`` a fresh
            standard-normal draw per array and step, as the lab does. 0 means none.
        seed : int
            Seeds the jitter, so a run is reproducible.

        Returns
        -------
        ndarray
            The cost history: ``iterations + 1`` values, before the first step and after each.

        Raises
        ------
        TrainingError
            When the cost stops being finite; the network keeps its last finite parameters.

        Examples
        --------
        >>> net = Network([1, 6, 7, 2])
        >>> t, points = heart(100)
        >>> history = net.train(t[:, None], points, step=7, iterations=200)
        >>> bool(history[-1] < history[0])
        True
        """
        x = self._inputs(x)
        y = self._targets(y, len(x))
        step, iterations, noise = _training_options(step, iterations, noise)
        return self._descend(x, y, step, iterations, noise, np.random.default_rng(seed))

    def _descend(self, x, y, step, iterations, noise, rng, record=None) -> np.ndarray:
        """The training loop, on checked inputs; `record(i)` is called after step i (and at 0)."""
        history = np.empty(iterations + 1)
        params = [*self.weights, *self.biases]
        if record:
            record(0)
        saved = None
        for i in range(iterations + 1):
            with np.errstate(over="ignore", invalid="ignore"):
                if i < iterations:
                    history[i], grads = self._cost_and_gradients(x, y)
                else:
                    history[i] = self._cost(x, y)
                finite = np.isfinite(history[i]) and np.isfinite(sum(p.sum() for p in params))
            if not finite and saved is None:
                raise TrainingError("the network's parameters or cost are not finite before "
                                    "training starts", iteration=0, history=history[:0].copy())
            if not finite:
                for p, old in zip(params, saved):
                    p[...] = old
                raise TrainingError(
                    f"training diverged at iteration {i}: the cost is no longer finite "
                    f"(last finite cost {history[i - 1]:.3g}); try a smaller `step` than {step:g}",
                    iteration=i, history=history[:i].copy())
            if i and record:
                record(i)
            if i == iterations:
                break
            saved = [p.copy() for p in params]
            with np.errstate(over="ignore", invalid="ignore"):
                for (dw, db), w, b in zip(grads, self.weights, self.biases):
                    if noise:
                        jitter = 1 + noise * rng.standard_normal(2)
                        dw *= step * jitter[0]
                        db *= step * jitter[1]
                    else:
                        dw *= step
                        db *= step
                    w -= dw
                    b -= db
        return history


def _training_options(step, iterations, noise) -> tuple[float, int, float]:
    step = float(positive_step("step", step))
    iterations = _check_whole("iterations", iterations, minimum=0)
    noise = float(real_array("noise", noise))
    if noise < 0:
        raise ValueError(f"`noise` must be >= 0, got {noise:g}")
    return step, iterations, noise


@dataclass(frozen=True)
class Snapshots:
    """What a network computed at chosen moments of its training (for figures and explorers)."""

    iterations: np.ndarray  #: (k,) the recorded iterations, increasing; 0 is before any step
    inputs: np.ndarray      #: (m, sizes[0]) where the network was evaluated
    outputs: np.ndarray     #: (k, m, sizes[-1]) its outputs there, one frame per recorded iteration
    cost: np.ndarray        #: (iterations + 1,) the whole cost history, as Network.train returns it


def train_snapshots(net: Network, x, y, *, step: float, iterations: int, at, inputs=None,
                    noise: float = 0.0, seed: int = 0) -> Snapshots:
    """Train `net` exactly as :meth:`Network.train` does, recording its outputs at iterations `at`.

    Parameters
    ----------
    net : Network
        Trained in place.
    x, y, step, iterations, noise, seed
        As for :meth:`Network.train`; the same arguments give the same run and cost history.
    at : sequence of int
        The iterations to record, each in [0, iterations] (0 is the untrained network).
    inputs : array_like, optional
        Where to evaluate the network, shape (m, sizes[0]); default `x`.

    Returns
    -------
    Snapshots

    Examples
    --------
    >>> net = Network([1, 6, 7, 2])
    >>> t, points = heart(100)
    >>> snaps = train_snapshots(net, t[:, None], points, step=7, iterations=50, at=[0, 10, 50])
    >>> snaps.outputs.shape, snaps.cost.shape
    ((3, 100, 2), (51,))
    """
    if not isinstance(net, Network):
        raise TypeError(f"`net` must be a mlcalc.Network, got {type(net).__name__}")
    x = net._inputs(x)
    y = net._targets(y, len(x))
    step, iterations, noise = _training_options(step, iterations, noise)
    grid = x if inputs is None else net._inputs(inputs)
    try:
        wanted = np.asarray(at)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"`at` must be a list of iterations, got {at!r}") from exc
    if (wanted.ndim != 1 or wanted.size == 0 or wanted.dtype.kind not in "iu"
            or np.any(np.diff(wanted) <= 0) or wanted[0] < 0 or wanted[-1] > iterations):
        raise ValueError(f"`at` must be increasing whole numbers from 0 to `iterations` "
                         f"({iterations}), got {at!r}")
    wanted_set = set(int(i) for i in wanted)
    frames = {}

    def record(i):
        if i in wanted_set:
            frames[i] = net._activations(grid)[-1]

    cost = net._descend(x, y, step, iterations, noise, np.random.default_rng(seed), record)
    outputs = np.stack([frames[int(i)] for i in wanted])
    return Snapshots(iterations=wanted.astype(int), inputs=grid, outputs=outputs, cost=cost)


@dataclass(frozen=True)
class GradientCheck:
    """Backpropagation beside central differences on the flattened parameters."""

    backprop: np.ndarray        #: dC/dtheta by :meth:`Network.gradients`, flattened
    finite_difference: np.ndarray  #: the same by :func:`mlcalc.gradient`
    relative_error: float       #: |backprop - fd| / max(|backprop|, |fd|), in the 2-norm

    @property
    def passed(self) -> bool:
        """True when the two agree to 1e-7 relative."""
        return self.relative_error <= 1e-7


def gradient_check(net: Network, x, y, *, h=None) -> GradientCheck:
    """Compare backpropagation with central differences of the cost (``mlcalc.gradient``).

    Examples
    --------
    >>> net = Network([1, 3, 2], activation="tanh", seed=1)
    >>> t, points = heart(20)
    >>> gradient_check(net, t[:, None], points).passed
    True
    """
    from .multivariate import gradient

    if not isinstance(net, Network):
        raise TypeError(f"`net` must be a mlcalc.Network, got {type(net).__name__}")
    x = net._inputs(x)
    y = net._targets(y, len(x))
    backprop = np.concatenate([g.ravel() for pair in net._backprop(x, y) for g in pair])
    theta0 = net.parameters()
    probe = Network(net.sizes, activation=net.activation)

    def cost(theta):
        probe.set_parameters(theta)
        return probe._cost(x, y)

    fd = gradient(cost, theta0, h=h)
    scale = max(np.linalg.norm(backprop), np.linalg.norm(fd), np.finfo(float).tiny)
    return GradientCheck(backprop, fd, float(np.linalg.norm(backprop - fd) / scale))


def heart(n: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """The lab's data: ``n`` points ``t`` in [0, 1) and the heart curve, in the unit square.

    The curve is ``(16 sin^3(2 pi t), 13 cos(2 pi t) - 5 cos(4 pi t) - 2 cos(6 pi t)
    - cos(8 pi t)) / 20``, mapped by ``(p + 1) / 2`` into the unit square.

    Returns
    -------
    t : ndarray, shape (n,)
    points : ndarray, shape (n, 2)

    Examples
    --------
    >>> t, points = heart(4)
    >>> t
    array([0.  , 0.25, 0.5 , 0.75])
    >>> points[0]                    # the heart's dip, at the top: (0, 5/20) mapped
    array([0.5  , 0.625])
    """
    n = _check_whole("n", n, minimum=1)
    t = np.arange(n) / n
    angle = 2 * np.pi * t
    curve = np.column_stack([
        16 * np.sin(angle) ** 3,
        13 * np.cos(angle) - 5 * np.cos(2 * angle) - 2 * np.cos(3 * angle) - np.cos(4 * angle),
    ]) / 20
    return t, (curve + 1) / 2

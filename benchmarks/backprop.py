"""One full gradient of the lab's 1-6-7-2 network on the 100-point heart batch, three ways.

Run with `make bench` (or `.venv/bin/python benchmarks/backprop.py`). Beside
`Network.gradients` (backpropagation in NumPy) it times `jax.jit(jax.grad(cost))` on the same
network and data, in 64-bit floats, and central finite differences (`mlcalc.gradient` on the
flattened parameters); it prints time per gradient and the largest disagreement with
`net.gradients`. JAX is optional: `pip install -e ".[bench]"` (the Makefile's bench target
does it); without it the JAX row says so. Then it times the lab's training schedule as the
book runs it. Figures are printed, not asserted: the tests assert.
"""

import os
import sys
import time
import timeit

import numpy as np

import mlcalc
from mlcalc.nn import Network, heart

SIZES = [1, 6, 7, 2]
REPEAT = 7


def best_time(fn, number):
    """The best of REPEAT runs of `number` calls, per call, in microseconds."""
    return min(timeit.repeat(fn, number=number, repeat=REPEAT)) / number * 1e6


def flat(grads):
    return np.concatenate([g.ravel() for pair in grads for g in pair])


# [jax-cost]
def jax_gradient(net):
    """The same cost in JAX, differentiated by reverse-mode automatic differentiation."""
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)  # float64, as NumPy computes

    def cost(params, x, y):
        a = x
        for w, b in params:                     # a = sigma(W a + b), one sample per row
            a = jax.nn.sigmoid(a @ w.T + b)
        return jnp.mean(jnp.sum((a - y) ** 2, axis=1))

    params = [(jnp.asarray(w), jnp.asarray(b)) for w, b in zip(net.weights, net.biases)]
    return jax.jit(jax.grad(cost)), params
# [/jax-cost]


def main():
    net = Network(SIZES, seed=0)
    t, points = heart(100)
    x = t[:, None]
    reference = flat(net.gradients(x, points))
    rows = []

    us = best_time(lambda: net.gradients(x, points), 2000)
    rows.append(("mlcalc Network.gradients (backprop)", us, 0.0))

    try:
        import jax
    except ImportError:
        rows.append(("jax.jit(jax.grad(cost))", float("nan"), float("nan")))
        jax_note = "JAX not installed: pip install -e '.[bench]'"
    else:
        grad, params = jax_gradient(net)
        xj, yj = jax.numpy.asarray(x), jax.numpy.asarray(points)
        out = grad(params, xj, yj)
        jax.block_until_ready(out)
        call = lambda: jax.block_until_ready(grad(params, xj, yj))  # noqa: E731
        us_jax = best_time(call, 2000)
        got = np.concatenate([np.asarray(g).ravel() for pair in out for g in pair])
        rows.append(("jax.jit(jax.grad(cost))", us_jax, float(np.max(np.abs(got - reference)))))
        jax_note = f"JAX {jax.__version__} on {jax.default_backend()}"

    theta = net.parameters()
    probe = Network(SIZES)

    def cost(th):
        probe.set_parameters(th)
        return probe.cost(x, points)

    fd = mlcalc.gradient(cost, theta)
    us_fd = best_time(lambda: mlcalc.gradient(cost, theta), 20)
    rows.append((f"central differences ({2 * theta.size} costs)", us_fd,
                 float(np.max(np.abs(fd - reference)))))

    print(f"Gradient of the {'-'.join(map(str, SIZES))} network ({theta.size} parameters) on "
          f"the 100-point heart batch; best of {REPEAT}; {jax_note}")
    print(f"| method | µs per gradient | largest |difference| from backprop |")
    print("|---|---|---|")
    for name, us, diff in rows:
        print(f"| {name} | {us:.1f} | {diff:.1e} |")

    # The lab's schedule, as the book runs it (book/03-multivariate-chain-rule/backpropagation-lab.md)
    schedule = os.environ.get("MLCALC_LAB_SCHEDULE", "7:0:50000")
    step, noise, iterations = (float(v) for v in schedule.split(":"))
    net = Network(SIZES, seed=0)
    start = time.perf_counter()
    history = net.train(x, points, step=step, iterations=int(iterations), noise=noise, seed=0)
    seconds = time.perf_counter() - start
    print(f"\nTraining, step {step:g}, noise {noise:g}, {int(iterations)} iterations: "
          f"{seconds:.1f} s ({seconds / iterations * 1e6:.0f} µs per iteration), "
          f"cost {history[0]:.3g} -> {history[-1]:.3g}")


if __name__ == "__main__":
    sys.exit(main())

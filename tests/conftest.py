import matplotlib

matplotlib.use("Agg")

import logging  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _sphinx_logging_restored():
    """A test that builds with sphinx.application.Sphinx reconfigures the "sphinx" logger (its
    own handlers, no propagation); restore it, so that later tests' caplog sees Sphinx's
    warnings."""
    logger = logging.getLogger("sphinx")
    saved = logger.handlers[:], logger.propagate, logger.level, logger.disabled
    yield
    logger.handlers[:], (logger.propagate, logger.level, logger.disabled) = saved[0], saved[1:]

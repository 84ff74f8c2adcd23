"""Performance hints around ``solve`` restore the process state they change."""

import pytest

from tandem.matching.engine import solve
from tandem.matching.engine.blas import _controls, one_blas_thread
from tandem.matching.engine.synthetic import random_problem


def test_one_blas_thread_restores_the_thread_count():
    controls = _controls()
    if controls is None:
        pytest.skip("numpy's OpenBLAS thread setter not found; the hint does nothing")
    get, set_threads = controls
    before = get()
    set_threads(2)
    try:
        with one_blas_thread():
            assert get() == 1
        assert get() == 2
        solve(random_problem(1, 5, 5))
        assert get() == 2
    finally:
        set_threads(before)

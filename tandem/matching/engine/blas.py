"""Run numpy's BLAS on one thread while the engine solves.

The engine's only BLAS work is skinny matrix products (per-person factors: some 50
columns), which OpenBLAS splits over every core. On a 2-core machine that is slower even
when idle (0.20 s single-threaded against 0.37 s for the 10,000 × 10,000 scores) and
several times slower when another process holds a core, because the threads wait for
each other. There is no public numpy call for this, so the setter of the OpenBLAS that
numpy ships is called directly; where it cannot be found nothing changes. Only a hint:
results never depend on it. The setting is process-wide and restored afterwards.
"""

import ctypes
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import numpy as np

_SETTERS = ("scipy_openblas_set_num_threads64_", "openblas_set_num_threads64_")
_GETTERS = ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_")


@contextmanager
def one_blas_thread() -> Iterator[None]:
    controls = _controls()
    if controls is None:
        yield
        return
    get, set_threads = controls
    before = get()
    set_threads(1)
    try:
        yield
    finally:
        set_threads(before)


@cache
def _controls() -> tuple[Callable[[], int], Callable[[int], None]] | None:
    folder = Path(np.__file__).resolve().parent.parent / "numpy.libs"
    for path in sorted(folder.glob("lib*openblas*.so*")):
        try:
            library = ctypes.CDLL(str(path))  # numpy loaded it already: the same instance
        except OSError:
            continue
        getter = next((getattr(library, n) for n in _GETTERS if hasattr(library, n)), None)
        setter = next((getattr(library, n) for n in _SETTERS if hasattr(library, n)), None)
        if getter is not None and setter is not None:
            getter.restype = ctypes.c_int
            setter.argtypes = [ctypes.c_int]
            return getter, setter
    return None

"""Pairwise feature arithmetic shared by scoring and the rules (blocks or pair lists)."""

import numpy as np

from tandem.matching.engine.compiled import Bools, Floats, Ints


def inner(mentee_rows: Floats, mentor_rows: Floats, e: Ints, r: Ints) -> Floats:
    """Dot products of mentee and mentor feature rows: one matrix product for a block."""
    if e.ndim == 2:
        return np.asarray(mentee_rows[e[:, 0]] @ mentor_rows[r[0]].T, dtype=np.float64)
    return np.asarray(np.einsum("ij,ij->i", mentee_rows[e], mentor_rows[r]), dtype=np.float64)


def same_code(mentee_codes: Ints, mentor_codes: Ints, e: Ints, r: Ints) -> Bools:
    """Both sides carry the same known code (team, department, location)."""
    a = mentee_codes[e]
    return np.equal(a, mentor_codes[r]) & (a >= 0)

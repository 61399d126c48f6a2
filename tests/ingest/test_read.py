"""Coordinate cells read as numbers: padded cells and decimal commas too."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geoapp.ingest.read import numbers


def test_coordinates_read_padded_with_a_comma_or_not_at_all():
    cells = [" 33.41", "33,41", "49.07 ", "1e1", "", "abc", "\xa033.5", "-0.5"]
    frame = pd.DataFrame({"lon": pd.Series(cells, dtype="str", index=range(1, 9))})
    problems = []
    values = numbers(frame, "lon", problems)
    np.testing.assert_array_equal(values, [33.41, 33.41, 49.07, 10.0, np.nan, np.nan, 33.5,
                                           -0.5])
    assert [(p.row, p.message) for p in problems] == [
        (5, "missing coordinate"), (6, "'abc' is not a number")]

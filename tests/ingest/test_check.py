"""Checks of whole columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geoapp.ingest import check


@pytest.mark.parametrize("dtype", ["str", "string", object])
def test_text_cells_are_stripped_alike_whatever_pandas_holds_them_in(dtype):
    cells = [" a ", "b", "", "\tв\n", "  "]
    frame = pd.DataFrame({"name": pd.Series(cells, dtype=dtype, index=range(3, 8))})
    found = check.texts(frame, "name")
    assert found.tolist() == ["a", "b", "", "в", ""]
    assert found.index.tolist() == [3, 4, 5, 6, 7]


def test_gaps_and_numbers_are_text_too():
    frame = pd.DataFrame({"name": pd.Series(["x ", None], dtype="str"),
                          "number": [1.5, np.nan]})
    assert check.texts(frame, "name").tolist() == ["x", ""]
    assert check.texts(frame, "number").tolist() == ["1.5", ""]
    assert check.texts(frame, "absent").tolist() == ["", ""]

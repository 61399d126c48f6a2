"""Checking ahead in a thread: the same items in order, errors where they arose, no thread left."""

from contextlib import closing

import pytest

from geoapp.ingest.ahead import ahead


def test_items_come_in_order():
    assert list(ahead(iter(range(10)))) == list(range(10))


def test_an_error_in_the_thread_is_raised_in_the_caller():
    def chunks():
        yield 1
        raise ValueError("bad chunk")

    got = []
    with pytest.raises(ValueError, match="bad chunk"):
        for item in ahead(chunks()):
            got.append(item)
    assert got == [1]


def test_closing_early_stops_and_closes_the_source():
    made, closed = [], []

    def chunks():
        try:
            for n in range(100):
                made.append(n)
                yield n
        finally:
            closed.append(True)

    with closing(ahead(chunks())) as items:
        assert next(items) == 0
    assert closed == [True]
    assert len(made) <= 3  # one in hand, at most one queued, one being made

"""Answers remembered under a revision: per database, forgotten when full, never for None."""

from __future__ import annotations

from types import SimpleNamespace

from geoapp.store import queries
from geoapp.store.remembered import MISSING, Remembered


def database(url: str) -> SimpleNamespace:
    """What Remembered reads of a connection: its engine's URL, and its info (where a
    statement notes the revisions' sum it read)."""
    return SimpleNamespace(engine=SimpleNamespace(url=url), info={})


def test_an_answer_is_recalled_at_its_revision_only() -> None:
    kept, conn = Remembered(8), database("postgresql://a")
    kept.keep(conn, (("places", 1),), "count", 42)
    assert kept.recall(conn, (("places", 1),), "count") == 42
    assert kept.recall(conn, (("places", 2),), "count") is MISSING
    assert kept.recall(conn, (("places", 1),), "other") is MISSING


def test_two_databases_at_the_same_revision_do_not_share_answers() -> None:
    kept = Remembered(8)
    kept.keep(database("sqlite:///a"), (("places", 1),), "count", 1)
    assert kept.recall(database("postgresql://b"), (("places", 1),), "count") is MISSING


def test_without_a_revision_nothing_is_kept() -> None:
    kept, conn = Remembered(8), database("sqlite:///a")
    kept.keep(conn, None, "count", 1)
    assert kept.recall(conn, None, "count") is MISSING


def test_when_full_everything_is_forgotten_and_the_new_answer_kept() -> None:
    kept, conn = Remembered(2), database("sqlite:///a")
    for n in range(3):
        kept.keep(conn, (("places", n),), "count", n)
    assert [kept.recall(conn, (("places", n),), "count") for n in range(3)] == [
        MISSING, MISSING, 2]


def test_answers_weighed_in_bytes_stay_within_the_budget() -> None:
    kept, conn = Remembered(100, budget=10), database("sqlite:///a")
    kept.keep(conn, (("places", 1),), "a", b"123456", weight=6)
    kept.keep(conn, (("places", 1),), "b", b"1234", weight=4)
    assert kept.recall(conn, (("places", 1),), "a") == b"123456"
    kept.keep(conn, (("places", 1),), "c", b"12", weight=2)  # 12 bytes: all forgotten first
    assert [kept.recall(conn, (("places", 1),), q) for q in "abc"] == [MISSING, MISSING, b"12"]
    kept.keep(conn, (("places", 1),), "d", b"x" * 11, weight=11)  # above the budget alone
    assert kept.recall(conn, (("places", 1),), "d") is MISSING
    assert kept.recall(conn, (("places", 1),), "c") == b"12"


def test_an_answer_read_at_other_revisions_is_not_kept_under_these() -> None:
    kept, conn = Remembered(8), database("postgresql://a")
    queries.note_revisions_read(conn, 3)  # a write came between the revisions and the answer
    kept.keep(conn, (("places", 1), ("regions", 1)), "count", 42)
    assert kept.recall(conn, (("places", 1), ("regions", 1)), "count") is MISSING
    kept.keep(conn, (("places", 2), ("regions", 1)), "count", 43)
    assert kept.recall(conn, (("places", 2), ("regions", 1)), "count") == 43

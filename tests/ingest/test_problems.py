"""Warnings told to people: the rows that share one are named in one sentence."""

from __future__ import annotations

from geoapp.ingest.problems import Problem, grouped

SWAPPED = "outside every region, but inside one with latitude and longitude swapped"


def test_rows_that_share_a_warning_are_one_line_in_the_order_first_found() -> None:
    problems = [Problem(16, "geometry", SWAPPED), Problem(4, "name", "too long"),
                *(Problem(row, "geometry", SWAPPED) for row in range(17, 30))]
    assert grouped(problems, "places.csv") == [
        "places.csv, 14 rows (16, 17, 18, 19, 20, 21, 22, 23, 24, 25 and 4 more), "
        f"field 'geometry': {SWAPPED}",
        "places.csv, row 4, field 'name': too long"]


def test_the_same_message_in_another_field_is_another_line() -> None:
    problems = [Problem(1, "start_date", "after the edition"),
                Problem(2, "end_date", "after the edition"),
                Problem(3, "end_date", "after the edition")]
    assert grouped(problems, "f.csv", rows_shown=1) == [
        "f.csv, row 1, field 'start_date': after the edition",
        "f.csv, 2 rows (2 and 1 more), field 'end_date': after the edition"]

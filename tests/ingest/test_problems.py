"""Problems told to people (a load's warnings, a refused load): the rows that share one are
named in one sentence."""

from __future__ import annotations

from pathlib import Path

from geoapp.ingest.problems import LoadError, Problem, grouped

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


def test_a_refused_load_names_a_thousand_rows_with_one_problem_in_one_sentence() -> None:
    problems = [Problem(row, "lat", "missing") for row in range(2, 1002)]
    refused = LoadError("places.csv", problems, report=Path("places.csv.rejected.csv"))
    assert str(refused).splitlines() == [
        "places.csv, 1000 rows (2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 990 more), "
        "field 'lat': missing",
        "Rejected rows are listed in places.csv.rejected.csv"]


def test_a_refused_load_tells_ten_problems_then_how_many_more() -> None:
    problems = [Problem(row, f"column_{row}", "missing") for row in range(2, 15)]
    told = str(LoadError("f.csv", problems)).splitlines()
    assert told[:2] == ["f.csv, row 2, field 'column_2': missing",
                        "f.csv, row 3, field 'column_3': missing"]
    assert len(told) == 11 and told[-1] == "... and 3 more"

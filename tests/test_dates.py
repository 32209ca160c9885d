"""Dates in every format are stored as ISO 8601, keeping the time zone their source gave."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.data import write_jsonl
from tests.helpers.loading import load


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2020-03-01", "2020-03-01"),
        ("01/03/2020", "2020-03-01"),
        ("1/3/2020", "2020-03-01"),
        ("2020-03-01T10:00:00+01:00", "2020-03-01T10:00:00+01:00"),
        ("2020-03-01T10:00:00Z", "2020-03-01T10:00:00+00:00"),
        ("2020-03-01 10:00", "2020-03-01T10:00:00"),
        ("Sun, 01 Mar 2020 10:00:00 +0100", "2020-03-01T10:00:00+01:00"),
        ("01 Mar 2020 10:00:00 GMT", "2020-03-01T10:00:00+00:00"),
        (" 2020-03-01 ", "2020-03-01"),
        (None, None),
    ],
)
def test_dates_are_normalised_to_iso(
    tmp_path: Path, given: str | None, expected: str | None
) -> None:
    path = write_jsonl(tmp_path / "f.jsonl", [{"id": "a", "text": "Body.", "date": given}])

    [loaded], errors = load(path)

    assert errors == []
    assert loaded.article.date == expected


@pytest.mark.parametrize("given", ["2020-02-30", "31/31/2020", "March 1st", "2020-03-01T25:00"])
def test_an_unparseable_date_is_an_error_naming_the_field(tmp_path: Path, given: str) -> None:
    path = write_jsonl(tmp_path / "f.jsonl", [{"id": "a", "text": "Body.", "date": given}])

    articles, [error] = load(path)

    assert articles == []
    assert error.path == f"{path}:1"
    assert error.error.startswith(f"field 'date' is not a recognised date: {given!r}")

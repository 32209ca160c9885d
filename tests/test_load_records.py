"""Tests for ingest.loaders on records: JSON lists and objects, JSON lines, their ids, titles
and errors, and a slice of OrangeSum."""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

from ingest.loaders import LoadError
from tests.helpers.data import ORANGESUM, write_jsonl
from tests.helpers.loading import load


def test_a_jsonl_file_with_one_bad_line_keeps_the_other_lines_and_reports_path_and_line(
    tmp_path: Path,
) -> None:
    path = write_jsonl(
        tmp_path / "feed.jsonl",
        [
            {"id": "a", "title": "A", "text": "First."},
            {"id": "b", "title": 42, "text": "Second."},
            {"id": "c", "title": "C", "text": "Third.", "extra": [1, 2]},
        ],
    )
    with path.open("a") as handle:
        handle.write("\n{not json}\n")

    articles, errors = load(path)

    assert [a.article.id for a in articles] == ["a", "c"]
    assert errors == [
        LoadError(f"{path}:2", "field 'title' must be a string, got int"),
        LoadError(
            f"{path}:5",
            "invalid JSON: Expecting property name enclosed in double quotes (column 2)",
        ),
    ]


def test_a_json_list_gives_one_article_per_item_and_reports_bad_items_by_index(
    tmp_path: Path,
) -> None:
    path = tmp_path / "batch.json"
    records = [
        {"id": "1", "title": "One", "text": "Un.", "source": "AFP", "lang": "fr"},
        "not an object",
        {"id": "3", "title": "Three", "text": ""},
    ]
    path.write_text(json.dumps(records, indent=2))

    articles, errors = load(path)

    [loaded] = articles
    assert loaded.article.id == "1"
    assert (loaded.article.source, loaded.article.lang) == ("AFP", "fr")
    assert loaded.file == str(path.resolve())
    assert errors == [
        LoadError(f"{path}:[1]", "expected a JSON object, got str"),
        LoadError(f"{path}:[2]", "field 'text' is empty"),
    ]


def test_a_json_file_holding_one_object_gives_one_article(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"id": "x", "title": "X", "text": "Body."}))

    [loaded], errors = load(path)

    assert errors == []
    assert (loaded.article.id, loaded.article.title, loaded.article.text) == (
        "x",
        "X",
        "Body.",
    )


def test_invalid_json_is_reported_with_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[\n  {"id": "a",}\n]')

    articles, errors = load(path)

    assert articles == []
    [error] = errors
    assert error.path == str(path)
    assert error.error == (
        "invalid JSON: Expecting property name enclosed in double quotes (line 2 column 14)"
    )


def test_the_url_is_used_as_id_when_the_id_is_missing(tmp_path: Path) -> None:
    url = "https://example.org/news/42"
    path = write_jsonl(tmp_path / "f.jsonl", [{"url": url, "title": "T", "text": "Body."}])

    [loaded], errors = load(path)

    assert errors == []
    assert loaded.article.id == url
    assert loaded.article.url == url


def test_a_record_without_id_or_url_is_identified_by_its_path_and_line_or_index(
    tmp_path: Path,
) -> None:
    (tmp_path / "sub").mkdir()
    write_jsonl(tmp_path / "sub" / "f.jsonl", [{"id": "a", "text": "A."}, {"text": "Body."}])
    (tmp_path / "list.json").write_text(json.dumps([{"text": "One."}, {"text": "Two."}]))
    (tmp_path / "one.json").write_text(json.dumps({"text": "Alone."}))

    articles, errors = load(tmp_path)

    assert errors == []
    assert sorted(a.article.id for a in articles) == [
        "a",
        "list.json:[0]",
        "list.json:[1]",
        "one.json",
        "sub/f.jsonl:2",
    ]


def test_a_record_without_text_is_an_error(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "f.jsonl", [{"id": "a", "title": "T"}])

    assert load(path) == ([], [LoadError(f"{path}:1", "missing field 'text'")])


def test_a_missing_title_is_taken_from_the_start_of_the_text_at_a_word_boundary(
    tmp_path: Path,
) -> None:
    text = (
        "Le conseil municipal a voté mardi soir un budget en hausse"
        " pour la rénovation des écoles de la ville."
    )
    path = write_jsonl(tmp_path / "f.jsonl", [{"id": "a", "text": text}])

    [loaded], _ = load(path)

    title = loaded.article.title
    assert title.endswith("…")
    assert len(title) <= 81
    assert text.startswith(title.removesuffix("…"))
    assert text[len(title) - 1] == " "  # cut before a space, not inside a word


def test_a_slice_of_orangesum_loads_with_all_fields(tmp_path: Path) -> None:
    with ORANGESUM.open(encoding="utf-8") as source:
        lines = list(islice(source, 50))
    path = tmp_path / "orangesum.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    records = [json.loads(line) for line in lines]

    articles, errors = load(path)

    assert errors == []
    assert len(articles) == 50
    for record, loaded in zip(records, articles, strict=True):
        article = loaded.article
        assert (article.id, article.title, article.text) == (
            record["id"],
            record["title"],
            record["text"],
        )
        assert (article.date, article.source, article.lang) == (
            record["date"],
            record["source"],
            record["lang"],
        )
        assert article.url is None
        assert loaded.origin == str(tmp_path.resolve())

"""Dates and sources restrict both retrievers; time expressions in questions become filters."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.retrieve import hybrid
from rag.settings import Settings
from tests.helpers.data import orangesum_lines, write_jsonl
from tests.helpers.indexing import one_article_in_overlapping_chunks

# Real OrangeSum texts, re-dated and re-sourced so each filter has a known answer.
PLAN = [
    ("2019-06-03", "agence-a"),
    ("2020-03-10", "agence-a"),
    ("2020-03-28", "agence-b"),
    ("2021-01-15", "agence-b"),
]


@pytest.fixture(scope="module")
def dated(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> tuple[Path, list[dict[str, str]]]:
    """A data dir holding four dated articles and one undated one."""
    folder = tmp_path_factory.mktemp("dated")
    articles = [
        {**a, "date": day, "source": source}
        for a, (day, source) in zip(orangesum_lines(4), PLAN, strict=True)
    ]
    undated = {**orangesum_lines(5)[4], "source": "agence-a"}
    undated.pop("date")
    write_jsonl(folder / "news.jsonl", [*articles, undated])
    app = Newsrag(Settings(data_dir=folder / "data"), embedder=embedder)
    assert ingest_paths(app, [folder / "news.jsonl"]).added == 5
    return folder / "data", [*articles, undated]


def make_app(data_dir: Path, embedder: Embedder, **weights: float) -> Newsrag:
    """A newsrag over the dated store, fixed on 2026-11-24."""
    settings = Settings(data_dir=data_dir).model_copy(update=weights)
    return Newsrag(settings, embedder=embedder, today=lambda: date(2026, 11, 24))


@pytest.mark.parametrize(
    "weights",
    [{}, {"dense_weight": 0.0}, {"keyword_weight": 0.0}],
    ids=["hybrid", "keyword-only", "dense-only"],
)
def test_date_range_keeps_only_articles_dated_inside_it(
    dated: tuple[Path, list[dict[str, str]]], embedder: Embedder, weights: dict[str, float]
) -> None:
    data_dir, articles = dated
    app = make_app(data_dir, embedder, **weights)
    query = " ".join(a["title"] for a in articles)
    inside = app.search(query, k=10, since=date(2020, 3, 1), until=date(2020, 3, 31))
    assert {p.article_id for p in inside} == {articles[1]["id"], articles[2]["id"]}
    assert all(p.date and "2020-03-01" <= p.date <= "2020-03-31" for p in inside)
    later = app.search(query, k=10, since=date(2020, 3, 15))
    assert {p.article_id for p in later} == {articles[2]["id"], articles[3]["id"]}


def test_source_filter_keeps_only_that_source(
    dated: tuple[Path, list[dict[str, str]]], embedder: Embedder
) -> None:
    data_dir, articles = dated
    app = make_app(data_dir, embedder)
    query = " ".join(a["title"] for a in articles)
    found = app.search(query, k=10, sources=["agence-b"])
    assert {p.article_id for p in found} == {articles[2]["id"], articles[3]["id"]}
    assert {p.source for p in found} == {"agence-b"}


def test_undated_articles_are_left_out_by_date_bounds_only(
    dated: tuple[Path, list[dict[str, str]]], embedder: Embedder
) -> None:
    data_dir, articles = dated
    app = make_app(data_dir, embedder)
    title = articles[4]["title"]
    assert articles[4]["id"] in {p.article_id for p in app.search(title, k=5)}
    bounded = app.search(title, k=5, until=date(2030, 1, 1))
    assert articles[4]["id"] not in {p.article_id for p in bounded}


def test_time_expression_in_the_question_prefers_its_articles(
    dated: tuple[Path, list[dict[str, str]]], embedder: Embedder
) -> None:
    data_dir, articles = dated
    app = make_app(data_dir, embedder)
    target = articles[3]
    question = f"{target['title'].split(':')[0]} en janvier 2021 ?"
    answer = app.answer(question)
    assert answer.found
    assert {c.article_id for c in answer.citations} == {target["id"]}
    assert answer.note == ""
    # the story told in 2021 still answers a question that dates it 2019, and says so
    other = app.answer(f"{target['title'].split(':')[0]} en 2019 ?")
    assert {c.article_id for c in other.citations} == {target["id"]}
    assert other.text.startswith(
        "Les articles de 2019 ne répondent pas. Réponse tirée d’articles d’autres dates :"
    ), other.text


def test_a_date_no_article_was_published_on_is_read_as_content(
    dated: tuple[Path, list[dict[str, str]]], embedder: Embedder
) -> None:
    data_dir, articles = dated
    app = make_app(data_dir, embedder)
    target = articles[3]
    # 1941 matches no publication date: the question is about 1941, not published then
    answer = app.answer(f"{target['title'].split(':')[0]} le 22 juin 1941 ?")
    assert answer.found
    assert target["id"] in {c.article_id for c in answer.citations}
    explicit = app.search(target["title"], since=date(1941, 6, 22), until=date(1941, 6, 22))
    assert explicit == []  # dates the caller gives stay strict


def test_explicit_dates_win_over_the_question(
    dated: tuple[Path, list[dict[str, str]]], embedder: Embedder
) -> None:
    data_dir, articles = dated
    app = make_app(data_dir, embedder)
    target = articles[0]
    answer = app.answer(
        f"{target['title'].split(':')[0]} en 2021 ?",
        since=date(2019, 1, 1),
        until=date(2019, 12, 31),
    )
    assert {c.article_id for c in answer.citations} <= {target["id"]}


def test_overlapping_chunks_of_one_article_come_back_as_one_passage(
    tmp_path: Path, embedder: Embedder
) -> None:
    app, article = one_article_in_overlapping_chunks(tmp_path, embedder)
    assert app.store.count() > 4
    passages = app.search(article["text"][:400], k=5)
    spans = sorted((p.start, p.end) for p in passages)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start > end  # merged: no two passages overlap or touch
    for p in passages:
        assert article["text"][p.start : p.end] == p.text
    assert max(p.end - p.start for p in passages) > 200  # at least one merge happened


def test_a_filter_passing_too_many_chunks_to_list_uses_chromas_where_clause(
    dated: tuple[Path, list[dict[str, str]]],
    embedder: Embedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data_dir, articles = dated
    app = make_app(data_dir, embedder, keyword_weight=0.0)
    query = " ".join(a["title"] for a in articles)
    march = {"since": date(2020, 3, 1), "until": date(2020, 3, 31)}
    by_ids = {p.chunk_id for p in app.search(query, k=10, **march)}
    monkeypatch.setattr(hybrid, "MAX_FILTER_IDS", 0)
    by_where = {p.chunk_id for p in app.search(query, k=10, **march)}
    assert by_where == by_ids
    assert {p.article_id for p in app.search(query, k=10, **march)} == {
        articles[1]["id"],
        articles[2]["id"],
    }

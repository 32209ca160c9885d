"""Search reads the chunks it keeps page by page: results as if every candidate were read."""

from __future__ import annotations

from pathlib import Path

from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from tests.helpers.data import write_jsonl

FILLER = (
    "Le conseil municipal a longuement débattu du budget des écoles, des routes et des "
    "piscines, sans trancher la question des horaires d'ouverture de la médiathèque. "
)


def long_article() -> dict[str, str]:
    """One article whose many sections, far apart, each speak of the asked subject."""
    sections = [
        f"Section {i}. Le zygomorphe bleu a encore été observé près du lac, écrit le "
        f"naturaliste, zygomorphe après zygomorphe. " + FILLER * 8
        for i in range(9)
    ]
    return {"id": "long", "title": "Le zygomorphe au lac", "text": "\n\n".join(sections)}


def test_search_reads_past_the_first_page_when_one_article_fills_it(
    tmp_path: Path, fake_embedder: Embedder
) -> None:
    # one passage per article: the long article's sections fill the first page of ranked
    # chunks (2 x k), so the other articles are only found on the following pages
    others = [
        {"id": f"court-{i}", "title": f"Brève {i}", "text": f"Un zygomorphe vu à {i} km. {FILLER}"}
        for i in range(3)
    ]
    write_jsonl(tmp_path / "news.jsonl", [long_article(), *others])
    settings = Settings(data_dir=tmp_path / "data", top_k=3, max_passages_per_article=1)
    app = Newsrag(settings, embedder=fake_embedder)
    assert ingest_paths(app, [tmp_path / "news.jsonl"]).added == 4
    ranked = app.retriever.search("zygomorphe", k=3, keywords=app.snapshot())
    articles = [p.article_id for p in ranked]
    assert len(ranked) == 3
    assert len(set(articles)) == 3
    assert articles[0] == "long"
    assert [p.score for p in ranked] == sorted((p.score for p in ranked), reverse=True)
    assert all("zygomorphe" in p.text for p in ranked)


def test_nearest_gives_the_ids_and_similarities_that_query_gives_passages_for(
    tmp_path: Path, fake_embedder: Embedder
) -> None:
    write_jsonl(tmp_path / "news.jsonl", [long_article()])
    app = Newsrag(Settings(data_dir=tmp_path / "data"), embedder=fake_embedder)
    ingest_paths(app, [tmp_path / "news.jsonl"])
    hits = app.store.nearest("zygomorphe bleu", 4)
    passages = app.store.query("zygomorphe bleu", 4)
    assert len(hits) == 4
    assert [(p.chunk_id, round(p.score, 6)) for p in passages] == [
        (cid, round(score, 6)) for cid, score in hits
    ]
    assert app.store.nearest("zygomorphe", 4, ids=[]) == []
    only = app.store.nearest("zygomorphe bleu", 4, ids=[hits[2][0]])
    assert [cid for cid, _ in only] == [hits[2][0]]
    assert abs(only[0][1] - hits[2][1]) < 1e-6

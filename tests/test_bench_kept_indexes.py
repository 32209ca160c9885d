"""The retrieval benchmark reuses kept indexes without losing their measured ingest time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.datasets import BenchArticle, write_jsonl
from bench.ingest import MARKER
from bench.kept_indexes import adopt_ingest_run
from bench.retrievers import LangchainBaseline, _ingest
from rag.embeddings import Embedder

ARTICLES = [
    BenchArticle("a1", "Grève à la SNCF", "Les cheminots ont cessé le travail lundi à Paris."),
    BenchArticle("a2", "Vendanges précoces", "Les vignerons de Bourgogne récoltent dès août."),
    BenchArticle("a3", "Tempête en Bretagne", "Des rafales à 150 km/h ont privé 20 000 foyers."),
]


def kept_run(work: Path, *, seed: int = 13, full: bool = True) -> Path:
    """The folder layout and logs a finished `bench.ingest --keep` run leaves behind."""
    for folder in ("newsrag", "newsrag-minilm-onnx", "naive"):
        (work / folder).mkdir(parents=True)
    marker = {"embedder": "e5", "collection": "bench", "seed": seed, "full": full}
    (work / "newsrag" / MARKER).write_text(json.dumps(marker), encoding="utf-8")
    phases = [
        {"phase": "first", "embedder": "e5", "wall_s": 3200.0, "articles": 20000},
        {"phase": "unchanged", "embedder": "e5", "wall_s": 1.5, "articles": 20000},
        {"phase": "first", "embedder": "minilm-onnx", "wall_s": 1700.0, "articles": 20000},
        {"phase": "naive", "embedder": "minilm (torch)", "wall_s": 2600.0, "articles": 20000},
    ]
    (work / "phases.jsonl").write_text("".join(json.dumps(p) + "\n" for p in phases))
    return work


def test_adopting_a_kept_ingest_run_links_each_index_with_its_first_ingest_time(
    tmp_path: Path,
) -> None:
    work = kept_run(tmp_path / "run")
    folder = tmp_path / "idx" / "orangesum-full"

    adopted = adopt_ingest_run(work, folder, full=True, seed=13)

    assert sorted(adopted) == ["baseline", "newsrag-e5", "newsrag-minilm-onnx"]
    assert (folder / "newsrag-e5").resolve() == (work / "newsrag").resolve()
    assert (folder / "baseline").resolve() == (work / "naive").resolve()
    memo = json.loads((folder / "newsrag-e5" / "ingest-seconds.json").read_text())
    assert memo["seconds"] == 3200.0  # the first ingest, not the unchanged re-ingest
    assert json.loads((folder / "baseline" / "ingest-seconds.json").read_text())["seconds"] == 2600
    assert adopt_ingest_run(work, folder, full=True, seed=13) == []  # already there: untouched


def test_a_kept_run_over_another_slice_is_refused_with_its_folder_named(tmp_path: Path) -> None:
    work = kept_run(tmp_path / "run", seed=7)
    with pytest.raises(SystemExit, match=r"run: built with full=True seed=7"):
        adopt_ingest_run(work, tmp_path / "idx", full=True, seed=13)
    assert not (tmp_path / "idx" / "newsrag-e5").exists()


def test_an_unfinished_run_is_refused(tmp_path: Path) -> None:
    (tmp_path / "run" / "newsrag").mkdir(parents=True)
    with pytest.raises(SystemExit, match=r"not a finished bench\.ingest run"):
        adopt_ingest_run(tmp_path / "run", tmp_path / "idx", full=False, seed=13)


def test_an_adopted_baseline_gets_only_the_articles_it_lacks(
    tmp_path: Path, embedder: Embedder
) -> None:
    baseline = LangchainBaseline(tmp_path / "naive", embedder)
    baseline.index(ARTICLES[:2])
    before = baseline.collection.count()

    assert baseline.add_missing(ARTICLES, page_size=1) == 1  # read back one row at a time
    assert baseline.collection.count() == before + 1
    assert baseline.search("rafales en Bretagne", 1) == ["a3"]
    assert baseline.add_missing(ARTICLES, page_size=1) == 0


def test_updating_a_kept_index_keeps_its_first_ingest_time(
    tmp_path: Path, embedder: Embedder
) -> None:
    folder = tmp_path / "newsrag-e5"
    first_seconds, first_chunks = _ingest(
        folder, "e5", embedder, write_jsonl(ARTICLES[:2], tmp_path / "a.jsonl")
    )
    seconds, chunks = _ingest(folder, "e5", embedder, write_jsonl(ARTICLES, tmp_path / "b.jsonl"))

    assert seconds == first_seconds
    assert chunks > first_chunks

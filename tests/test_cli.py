"""The `newsrag` command line through typer's runner, with the documented JSON contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ui.cli import cli


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Invoke the CLI against a fresh data dir; returns (exit code, parsed JSON or text)."""
    monkeypatch.setenv("NEWSRAG_DATA_DIR", str(tmp_path / "cli-data"))
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, Any]:
        result = runner.invoke(cli, list(args))
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        output = result.stdout
        return result.exit_code, json.loads(output) if "--json" in args else output

    return invoke


def test_ingest_ask_search_and_stats_speak_the_json_contract(run: Any, seed_dir: Path) -> None:
    code, ingested = run("ingest", str(seed_dir), "--json")
    assert code == 0
    assert ingested == {"added": 1, "updated": 0, "skipped": 0, "deleted": 0, "errors": []}

    code, asked = run("ask", "Combien de pays sont représentés à Paris ?", "--json")
    assert code == 0
    assert set(asked) >= {"question", "answer", "found", "citations", "standalone_question"}
    assert asked["found"] is True
    assert "31" in asked["answer"]
    citation = asked["citations"][0]
    assert set(citation) == {
        "n",
        "article_id",
        "title",
        "date",
        "source",
        "quote",
        "start",
        "end",
        "score",
        "answer",
        "answer_start",
        "answer_end",
    }
    assert citation["n"] == 1
    assert "31 pays" in citation["quote"]
    assert citation["answer"] == "31 pays"
    assert citation["start"] <= citation["answer_start"] < citation["answer_end"] <= citation["end"]

    code, searched = run("search", "Mark Rutte OTAN", "-k", "2", "--json")
    assert code == 0
    assert searched["query"] == "Mark Rutte OTAN"
    assert [r["rank"] for r in searched["results"]] == [1, 2]
    assert set(searched["results"][0]) == {
        "rank",
        "article_id",
        "title",
        "date",
        "source",
        "text",
        "start",
        "end",
        "score",
    }
    assert "Mark Rutte" in searched["results"][0]["text"]

    code, stats = run("stats", "--json")
    assert code == 0
    assert stats["articles"] == 1
    assert stats["chunks"] > 1
    assert "multilingual-e5-small" in stats["embedding_model"]
    assert stats["store"].endswith("chroma")


def test_second_ingest_reports_skipped(run: Any, seed_dir: Path) -> None:
    run("ingest", str(seed_dir), "--json")
    code, again = run("ingest", str(seed_dir), "--json")
    assert code == 0
    assert (again["added"], again["skipped"]) == (0, 1)


def test_bad_file_is_listed_in_errors_and_the_rest_is_indexed(run: Any, seed_dir: Path) -> None:
    bad = seed_dir / "broken.jsonl"
    bad.write_text('{"id": "x", "title": 3, "text": "texte"}\nnot json\n', encoding="utf-8")
    code, report = run("ingest", str(seed_dir), "--json")
    assert code == 2
    assert report["added"] == 1
    assert report["errors"]
    assert all("broken.jsonl" in e["path"] and e["error"] for e in report["errors"])


def test_prune_flag_removes_a_deleted_article(run: Any, seed_dir: Path) -> None:
    extra = seed_dir / "extra.txt"
    extra.write_text(
        "Un autre titre\nUn texte court sur la météo de Lyon demain matin.", encoding="utf-8"
    )
    run("ingest", str(seed_dir), "--json")
    extra.unlink()
    code, report = run("ingest", str(seed_dir), "--prune", "--json")
    assert code == 0
    assert report["deleted"] == 1
    assert run("stats", "--json")[1]["articles"] == 1


def test_ask_prints_the_answer_and_its_sources_as_text(run: Any, seed_dir: Path) -> None:
    run("ingest", str(seed_dir))
    code, text = run("ask", "Combien de pays sont représentés à Paris ?")
    assert code == 0
    assert "[1]" in text
    assert "« Paris – Les principaux représentants de 31 pays" in text


def test_refusal_is_a_successful_command_with_found_false(run: Any, seed_dir: Path) -> None:
    run("ingest", str(seed_dir))
    code, asked = run("ask", "Quelle est la recette de la tarte tatin ?", "--json")
    assert code == 0
    assert asked["found"] is False
    assert asked["citations"] == []


def test_reindex_embeds_again(run: Any, seed_dir: Path) -> None:
    run("ingest", str(seed_dir))
    code, report = run("reindex", str(seed_dir), "--json")
    assert code == 0
    assert report["added"] == 1


def test_date_and_source_flags_restrict_search_and_ask(run: Any, seed_dir: Path) -> None:
    dated = seed_dir / "dated.jsonl"
    dated.write_text(
        '{"id": "lyon-1", "title": "Grêle à Lyon", "date": "2024-05-02", "source": "meteo",'
        ' "text": "Un violent épisode de grêle a frappé Lyon jeudi soir, selon la préfecture."}\n',
        encoding="utf-8",
    )
    run("ingest", str(seed_dir))
    code, found = run("search", "grêle Lyon", "--since", "2024-05-01", "--json")
    assert code == 0
    assert [r["article_id"] for r in found["results"]] == ["lyon-1"]
    _, none = run("search", "grêle Lyon", "--until", "2024-04-30", "--json")
    assert none["results"] == []
    _, other = run("search", "grêle Lyon", "--source", "afp", "--json")
    assert other["results"] == []
    _, asked = run("ask", "Qu'est-ce qui a frappé Lyon ?", "--source", "meteo", "--json")
    assert asked["found"] is True
    assert asked["citations"][0]["article_id"] == "lyon-1"
    assert asked["citations"][0]["date"] == "2024-05-02"


def test_chat_resolves_follow_ups_and_starts_over_on_new(run: Any, seed_dir: Path) -> None:
    run("ingest", str(seed_dir), "--json")
    conversation = "\n".join(
        [
            "Combien de soldats la Corée du Nord a-t-elle envoyés en Russie ?",
            "Et combien de blessés ?",
            "/new",
            "Et combien de blessés ?",
            "/quit",
            "never read",
        ]
    )
    result = CliRunner().invoke(cli, ["chat", "--json"], input=conversation + "\n")
    assert result.exit_code == 0, result.output
    first, follow_up, fresh = (json.loads(line) for line in result.stdout.splitlines())
    assert first["found"] is True
    assert "3 000" in first["answer"]
    assert "Corée" in follow_up["standalone_question"]
    assert "4 000" in follow_up["answer"]
    assert fresh["standalone_question"] == "Et combien de blessés ?"

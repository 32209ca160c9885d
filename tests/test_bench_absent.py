"""The absent-article benchmark prunes the questions' own articles and leaves out a question
another article could answer."""

from __future__ import annotations

import json
from pathlib import Path

from bench.eval_absent import absent_archive, render_markdown
from bench.orangesum_answers import load_orangesum_answers


def test_the_questions_articles_are_pruned_and_one_answered_elsewhere_is_left_out(
    tmp_path: Path,
) -> None:
    (tmp_path / "none.jsonl").write_text("")
    sample, _, _ = load_orangesum_answers(sample=30, seed=13, path=tmp_path / "none.jsonl")
    own, other = sample.indexed[0], sample.indexed[1]
    questions = [
        {"id": "t-001", "question": "?", "lang": "fr", "article_id": own.id}
        | {"answer": own.text[:60], "answerable": True},
        {"id": "t-002", "question": "?", "lang": "de", "article_id": own.id}
        | {"answer": None, "answerable": False},
        # its gold span is in another article of the archive: it may be answered from there
        {"id": "t-003", "question": "?", "lang": "fr", "article_id": own.id}
        | {"answer": other.text[:60], "answerable": True},
    ]
    path = tmp_path / "questions_orangesum_heldout99.jsonl"
    path.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions))

    kept, asked = absent_archive([path], sample=30, seed=13)

    assert own.id not in {a.id for a in kept}
    assert other.id in {a.id for a in kept}
    assert [q["id"] for q in asked] == ["t-001", "t-002"]
    assert {q["set"] for q in asked} == {"heldout99"}


def test_the_report_gives_refusals_per_set_language_and_answerability() -> None:
    rows = [
        {"set": "heldout5", "id": "a", "lang": "fr", "answerable": True, "refused": True},
        {"set": "heldout5", "id": "b", "lang": "en", "answerable": False, "refused": False},
        {"set": "heldout6", "id": "c", "lang": "fr", "answerable": False, "refused": True},
    ]
    result = {"command": "x", "date": "d", "machine": {"cpu_count": 2}}
    report = render_markdown(result | {"archive": 10, "left_out": 1, "rows": rows})

    assert "| heldout5 | 0.500 (2) | 1.000 (1) | 0.000 (1) | 1.000 (1) | 0.000 (1) |" in report
    assert "| heldout6 | 1.000 (1) | 1.000 (1) | - | - | 1.000 (1) |" in report
    assert "| **all** | 0.667 (3) | 1.000 (2) | 0.000 (1) | 1.000 (1) | 0.500 (2) |" in report

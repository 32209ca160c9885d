"""The words that answer, in `--json` and in bold in the terminal text."""

from __future__ import annotations

from dataclasses import replace

from bench.answer_metrics import at_threshold, marker_checks
from rag.types import Answer, Citation
from ui.formatting import answer_json, answer_text

QUOTE = "Les représentants de 31 pays devraient soutenir l'Ukraine."


def cited(answer_span: tuple[int, int] | None) -> Answer:
    """An answer quoting QUOTE at offset 100 of its article, with the given answer span."""
    start, end = answer_span or (None, None)
    citation = Citation(
        1, "a", "T", None, None, QUOTE, 100, 100 + len(QUOTE), 0.8, None, "", start, end
    )
    return Answer("Combien de pays ?", f"{QUOTE} [1]", True, [citation])


def test_the_json_citation_carries_the_answering_words_and_their_offsets() -> None:
    answer_start = 100 + QUOTE.index("31 pays")
    [citation] = answer_json(cited((answer_start, answer_start + 7)))["citations"]
    assert citation["answer"] == "31 pays"
    assert (citation["answer_start"], citation["answer_end"]) == (answer_start, answer_start + 7)
    [plain] = answer_json(cited(None))["citations"]
    assert plain["answer"] is None
    assert plain["answer_start"] is None


def test_the_terminal_text_shows_the_answering_words_in_bold() -> None:
    answer_start = 100 + QUOTE.index("31 pays")
    text = answer_text(cited((answer_start, answer_start + 7)))
    assert "Les représentants de \033[1m31 pays\033[0m devraient" in text
    assert "\033[1m" not in answer_text(cited((answer_start, answer_start + 7)), bold=False)


def test_a_note_before_the_quotes_is_no_unsupported_claim() -> None:
    answer_start = 100 + QUOTE.index("31 pays")
    answer = cited((answer_start, answer_start + 7))
    note = "Les articles ne donnent pas de nombre de « morts » ; ils indiquent :"
    noted = replace(answer, text=f"{note} {answer.text}", note=note)
    texts = {"a": " " * 100 + QUOTE}
    assert marker_checks(noted, texts) == [(True, True)]
    assert marker_checks(replace(noted, note=""), texts) == [(False, True)]
    assert answer_json(noted)["note"] == note


def test_a_replayed_threshold_keeps_the_note_before_the_quotes() -> None:
    answer_start = 100 + QUOTE.index("31 pays")
    answer = cited((answer_start, answer_start + 7))
    note = "Aucun article de 2022 ; l’archive couvre février 2011 - septembre 2020."
    noted = replace(answer, text=f"{note} {answer.text}", note=note, relevance=0.8)
    replayed = at_threshold(noted, 0.5)
    assert replayed.text == f"{note} {QUOTE} [1]"
    assert marker_checks(replayed, {"a": " " * 100 + QUOTE}) == [(True, True)]

"""An age answers "how old is X" only when it is told of X: not when the sentence names X and
then gives someone else's age."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.settings import Settings
from rag.text.analysis import words
from rag.text.answerpick import answer_spans
from rag.text.answertype import Kind
from tests.helpers.fakes import HashEmbedder

TRIBUTE = (
    "La maîtresse de cérémonie Keke Palmer, à l'affiche du film « Queens », a ouvert la soirée "
    "avec un hommage à l'acteur Chadwick Boseman, décédé d'un cancer à l'âge de 43 ans."
)
SIDE_BY_SIDE = "« On trie tout », explique Aurélien Strmsek, 24 ans, au côté d'Edgar Dusacre."


def age_in(text: str, question: str) -> str | None:
    spans = answer_spans(text, Kind.AGE, set(words(question)))
    return text[spans[0][0] : spans[0][1]] if spans else None


def test_an_age_told_of_someone_named_after_the_asked_person_is_not_theirs() -> None:
    assert age_in(TRIBUTE, "Wie alt ist Keke Palmer?") is None
    assert age_in(TRIBUTE, "Quel âge a Keke Palmer ?") is None
    assert age_in(TRIBUTE, "À quel âge est mort Chadwick Boseman ?") == "43 ans"
    # nobody named in the question: the sentence may well say whose age it is
    assert age_in(TRIBUTE, "Quel âge avait l'acteur de Black Panther ?") == "43 ans"
    assert age_in(SIDE_BY_SIDE, "How old is Aurélien Strmsek?") == "24 ans"


def test_the_age_of_another_is_no_answer(tmp_path: Path) -> None:
    record = {"id": "vma", "title": "MTV Video Music Awards", "date": "2020-08-31"}
    source = tmp_path / "news.jsonl"
    source.write_text(json.dumps(record | {"text": TRIBUTE}), encoding="utf-8")
    app = Newsrag(Settings(data_dir=tmp_path / "data"), embedder=HashEmbedder())
    ingest_paths(app, [source])
    assert app.answer("À quel âge est mort Chadwick Boseman ?").found
    other = app.answer("Quel âge a Keke Palmer, la maîtresse de cérémonie ?")
    assert not other.found, other.text

"""Streamed answers: the LLM's draft piece by piece, then the checked answer that replaces it."""

from __future__ import annotations

import itertools

import pytest

import rag
from rag.answering.chain import AnswerStream, final_answer
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.types import Answer, AnswerDelta, AnswerDone
from tests.helpers.data import PAYS
from tests.helpers.fakes import RecordingChatModel, word_pieces
from ui.web.chat import respond_stream
from ui.web.state import AskOptions, Exchange

REPLY = "Des représentants de 31 pays sont réunis à Paris [1]. Le sommet a été annulé [2]."


@pytest.fixture
def llm_app(seeded_app: Newsrag, embedder: Embedder) -> tuple[Newsrag, RecordingChatModel]:
    """The seeded store, answered by a fake chat model that streams word by word."""
    fake = RecordingChatModel(replies=[])
    return Newsrag(seeded_app.settings, embedder=embedder, llm=fake), fake


def test_the_draft_streams_in_order_then_the_checked_answer_ends_the_stream(
    llm_app: tuple[Newsrag, RecordingChatModel],
) -> None:
    app, fake = llm_app
    fake.replies.append(REPLY)
    events = list(app.stream_answer(PAYS, k=3))
    *deltas, done = events
    assert all(isinstance(d, AnswerDelta) for d in deltas)
    assert [d.text for d in deltas if isinstance(d, AnswerDelta)] == word_pieces(REPLY)
    assert isinstance(done, AnswerDone)
    assert done.answer.mode == "llm"
    assert done.answer.text == (
        "Des représentants de 31 pays sont réunis à Paris [1]. Le sommet a été annulé [?]."
    )
    assert done.answer.flagged_sentences == ("Le sommet a été annulé.",)
    assert "31 pays" in done.answer.citations[0].quote
    assert done.answer.passages == tuple(app.search(PAYS, k=3))
    assert fake.streamed == 1


def test_an_llm_reply_nothing_backs_falls_back_to_the_extractive_answer_and_its_passages(
    llm_app: tuple[Newsrag, RecordingChatModel],
) -> None:
    app, fake = llm_app
    fake.replies.append("La Chine a envoyé 10 000 soldats en Ukraine [1].")
    answer = app.answer(PAYS, k=3)
    assert answer.mode == "extractive-fallback"
    assert "31" in answer.text
    assert answer.passages == tuple(app.search(PAYS, k=3))


def test_a_stream_read_for_its_draft_then_its_answer_gives_both(
    llm_app: tuple[Newsrag, RecordingChatModel],
) -> None:
    app, fake = llm_app
    fake.replies.append(REPLY)
    stream = AnswerStream(app.stream_answer(PAYS, k=3))
    assert "".join(stream) == REPLY
    assert stream.answer.mode == "llm"
    assert final_answer(iter([AnswerDone(stream.answer)])) == stream.answer


def test_a_stream_that_ends_without_an_answer_is_a_bug_said_once() -> None:
    with pytest.raises(RuntimeError, match="without an answer"):
        final_answer([AnswerDelta("Des représentants ")])
    stream = AnswerStream([AnswerDelta("Des représentants ")])
    assert list(stream) == ["Des représentants "]
    with pytest.raises(RuntimeError, match="without an answer"):
        _ = stream.answer


def test_answer_asks_the_model_for_its_whole_reply_and_checks_it_the_same_way(
    llm_app: tuple[Newsrag, RecordingChatModel],
) -> None:
    app, fake = llm_app
    fake.replies += [REPLY, REPLY]
    answered = app.answer(PAYS, k=3)
    assert fake.streamed == 0
    [*_, done] = app.stream_answer(PAYS, k=3)
    assert isinstance(done, AnswerDone)
    assert done.answer == answered


def test_without_an_llm_the_stream_is_the_final_answer_alone(seeded_app: Newsrag) -> None:
    events = list(seeded_app.stream_answer(PAYS))
    assert events == [AnswerDone(seeded_app.answer(PAYS))]
    assert list(rag.stream_answer(PAYS, settings=seeded_app.settings)) == events


def test_an_empty_question_is_refused_before_anything_is_streamed(seeded_app: Newsrag) -> None:
    with pytest.raises(ValueError, match="empty"):
        seeded_app.stream_answer("  ")


def test_the_chat_shows_the_question_then_the_growing_draft_then_the_cited_answer(
    llm_app: tuple[Newsrag, RecordingChatModel],
) -> None:
    app, fake = llm_app
    fake.replies += [PAYS, REPLY]  # the standalone question, then the answer
    first = Answer("Qui est à Paris ?", "Des représentants de 31 pays [1].", True)
    earlier = [Exchange(first.question, first)]
    updates = list(respond_stream(app, PAYS, earlier, AskOptions(), "en"))
    asking, *writing, final = updates
    assert asking.messages[-1] == {"role": "user", "content": PAYS}
    assert asking.exchanges == earlier
    drafts = [u.messages[-1]["content"] for u in writing]
    assert len(drafts) == len(word_pieces(REPLY))
    assert all(b.startswith(a) for a, b in itertools.pairwise(drafts))
    assert drafts[-1] == REPLY
    assert all("Writing the answer" in u.sources and not u.done for u in [asking, *writing])
    assert all(u.exchanges == earlier for u in writing)
    assert final.done
    assert final.messages[-1]["content"].startswith(
        '<div class="newsrag-answer"><p>Des représentants de 31 pays'
    )
    shown = final.messages[-1]["content"]
    assert '<a class="newsrag-cite" href="#newsrag-card-1-1">[1]</a>' in shown
    assert ". Le sommet a été annulé [?].</p>" in shown
    assert final.exchanges[:-1] == earlier
    assert final.exchanges[-1].answer.text.endswith("[1]. Le sommet a été annulé [?].")
    assert "<mark>" in final.sources
    assert "31 pays" in final.sources.split("<mark>", 1)[1].split("</mark>", 1)[0]

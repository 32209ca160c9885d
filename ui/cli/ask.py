"""The read commands: ask, chat, search and stats."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

import typer

from ui.cli.common import JsonFlag, Since, Sources, TopK, Until, day, emit, open_app

if TYPE_CHECKING:
    from rag.types import Answer, AnswerEvent


def ask(
    question: str,
    k: TopK = None,
    since: Since = None,
    until: Until = None,
    source: Sources = None,
    as_json: JsonFlag = False,
) -> None:
    """Answer a question with numbered citations (an LLM's answer is shown as it is written)."""
    from rag.app import final_answer
    from ui.formatting import answer_json

    events = open_app().stream_answer(
        question, k=k, since=day(since), until=day(until), sources=source or ()
    )
    if as_json:
        emit(answer_json(final_answer(events)))
    else:
        print_streamed(events)


def print_streamed(events: Iterable[AnswerEvent]) -> Answer:
    """Print an LLM's draft as it arrives, then the checked answer and its sources.

    The checked answer is printed again under the draft only when it differs from it (a
    marker dropped or renumbered, a sentence flagged, or the extractive fallback).
    """
    from rag.answering.chain import AnswerStream
    from ui.formatting import answer_text

    stream = AnswerStream(events)
    draft: list[str] = []
    for piece in stream:
        typer.echo(piece, nl=False)  # click flushes after each write
        draft.append(piece)
    answer = stream.answer
    text = answer_text(answer)
    if draft:
        typer.echo()  # ends the draft's line
        if answer.text == "".join(draft).strip():
            text = text[len(answer.text) :].removeprefix("\n")  # only the sources are new
        else:
            typer.echo()
    if text:
        typer.echo(text)
    return answer


def chat(
    k: TopK = None,
    since: Since = None,
    until: Until = None,
    source: Sources = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON answer per line (the ask contract).")
    ] = False,
) -> None:
    """A conversation in the terminal: follow-up questions use the earlier turns.

    One question per line; `/new` starts a new conversation, `/quit` or end of input stops.
    """
    from rag.app import final_answer
    from rag.types import Turn
    from ui.formatting import answer_json

    app = open_app()
    history: list[Turn] = []
    interactive = sys.stdin.isatty() and not as_json
    while True:
        try:
            line = input("> " if interactive else "")
        except (EOFError, KeyboardInterrupt):
            break
        question = line.strip()
        if question in {"/quit", "/exit"}:
            break
        if question == "/new":
            history.clear()
            if not as_json:
                typer.echo("(new conversation)")
            continue
        if not question:
            continue
        events = app.stream_answer(
            question,
            k=k,
            history=history,
            since=day(since),
            until=day(until),
            sources=source or (),
        )
        if as_json:
            result = final_answer(events)
            typer.echo(json.dumps(answer_json(result), ensure_ascii=False))
        else:
            result = print_streamed(events)
            typer.echo()
        history.append(Turn(question, result.text, result.standalone_question))


def search(
    query: str,
    k: TopK = None,
    since: Since = None,
    until: Until = None,
    source: Sources = None,
    as_json: JsonFlag = False,
) -> None:
    """Show the ranked passages for a query."""
    from ui.formatting import search_json, search_text

    passages = open_app().search(
        query, k=k, since=day(since), until=day(until), sources=source or ()
    )
    typer.echo(
        json.dumps(search_json(query, passages), ensure_ascii=False, indent=2)
        if as_json
        else search_text(passages)
    )


def stats(as_json: JsonFlag = False) -> None:
    """Articles, chunks, embedding model, store location and near-duplicate groups."""
    from ui.formatting import stats_json, stats_text

    found = open_app().stats()
    if as_json:
        emit(stats_json(found))
    else:
        typer.echo(stats_text(found))

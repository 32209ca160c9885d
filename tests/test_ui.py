"""The chat UI's handlers and HTML: answers with linked `[n]`, source cards, refusals, filters,
modes, the article view and the index panel."""

from __future__ import annotations

import html
import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import gradio as gr
import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatResult

from ingest.pipeline import ingest_paths
from rag.app import Newsrag, join_chunks
from rag.embeddings import Embedder
from rag.types import Answer, Citation, Passage
from tests.helpers.data import PAYS, seed_article
from tests.helpers.fakes import RecordingChatModel
from tests.helpers.paths import SEED_FILE
from ui.settings import UISettings
from ui.web.answers import answer_markup
from ui.web.app import layout, mode_choices, page_texts
from ui.web.cards import article_html, index_html, sources_html
from ui.web.chat import ask_options, example_questions, respond
from ui.web.filters import OptionError
from ui.web.state import AskOptions, Exchange

TATIN = "Quelle est la recette de la tarte tatin ?"
CITE_1 = '<a class="newsrag-cite" href="#newsrag-card-0-1">[1]</a><span class="newsrag-cite-label">'


class UnreachableChatModel(BaseChatModel):
    """A chat model whose server is down: every call raises."""

    @property
    def _llm_type(self) -> str:
        return "unreachable"

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        raise ConnectionError("LLM server unreachable")


def citation(n: int, quote: str, passage: str, **fields: Any) -> Citation:
    """A citation of article `a` whose quote is at the start of the article."""
    values: dict[str, Any] = {"title": "T", "date": None, "source": None, "score": 0.5}
    values.update(fields)
    return Citation(n, "a", quote=quote, start=0, end=len(quote), passage=passage, **values)


def test_the_seed_question_gets_a_linked_marker_and_a_source_card(seeded_app: Newsrag) -> None:
    chat = respond(seeded_app, PAYS, [])
    assert [m["role"] for m in chat.messages] == ["user", "assistant"]
    assert chat.messages[0]["content"] == PAYS
    assert "31" in chat.messages[1]["content"]
    assert CITE_1 in chat.messages[1]["content"]
    [exchange] = chat.exchanges
    cited = exchange.answer.citations[0]
    assert cited.quote == seed_article().text[cited.start : cited.end]
    assert 'id="newsrag-card-0-1"' in chat.sources
    assert html.escape(seed_article().title) in chat.sources
    assert f"date unknown · {SEED_FILE.name}" in chat.sources  # a .txt has no date or source
    assert "31 pays" in chat.sources.split("<mark>", 1)[1].split("</mark>", 1)[0]
    assert f'data-article="{SEED_FILE.name}" data-start="{cited.start}"' in chat.sources


def test_a_follow_up_keeps_the_history_and_the_first_answers_cards(seeded_app: Newsrag) -> None:
    first = respond(seeded_app, PAYS, [])
    second = respond(seeded_app, "Qui est attendu ?", first.exchanges)
    assert len(first.exchanges) == 1, "the caller's exchanges are not modified"
    assert second.exchanges[0] == first.exchanges[0]
    assert [m["role"] for m in second.messages] == ["user", "assistant"] * 2
    assert CITE_1 in second.messages[1]["content"]
    assert 'href="#newsrag-card-1-1"' in second.messages[3]["content"]
    older, newer = second.sources.split('<section class="newsrag-turn"')[1:]
    assert older.startswith(' data-turn="0" hidden>')
    assert 'id="newsrag-card-0-1"' in older
    assert newer.startswith(' data-turn="1">')
    assert 'id="newsrag-card-1-1"' in newer


def test_a_refusal_is_styled_apart_and_lists_the_closest_articles(seeded_app: Newsrag) -> None:
    chat = respond(seeded_app, TATIN, [])
    answer = chat.messages[-1]["content"]
    assert answer.startswith('<div class="newsrag-refusal">')
    assert "ne répond pas" in answer
    assert "newsrag-cite" not in answer
    assert '<div class="newsrag-refusal"><p>No indexed article answers' in chat.sources
    assert f'data-article="{SEED_FILE.name}"' in chat.sources  # the closest article
    assert "<mark>" not in chat.sources


def test_a_date_filter_that_excludes_every_article_refuses_with_no_closest_article(
    seeded_app: Newsrag,
) -> None:
    options = AskOptions(since=date(2024, 1, 1))
    chat = respond(seeded_app, PAYS, [], options, "fr")
    assert 'class="newsrag-refusal"' in chat.messages[-1]["content"]
    assert not chat.exchanges[0].answer.found
    assert "Aucun article ne correspond à la question et à ses filtres." in chat.sources
    assert "data-article" not in chat.sources


def test_a_blank_question_changes_nothing(seeded_app: Newsrag) -> None:
    before = [Exchange("Q ?", Answer("Q ?", "R [1]", True))]
    chat = respond(seeded_app, "   \n", before)
    assert chat.exchanges == before
    assert [m["role"] for m in chat.messages] == ["user", "assistant"]


def test_a_failing_answer_shows_a_readable_error_and_keeps_the_history(
    seeded_app: Newsrag, embedder: Embedder
) -> None:
    app = Newsrag(seeded_app.settings, embedder=embedder, llm=UnreachableChatModel())
    earlier = [Exchange("Qui est à Paris ?", Answer("Qui est à Paris ?", "31 pays [1]", True))]
    chat = respond(app, "Et Mark Rutte ?", earlier)
    assert chat.exchanges == earlier
    assert chat.messages[-2] == {"role": "user", "content": "Et Mark Rutte ?"}
    assert "The answer failed: LLM server unreachable" in chat.messages[-1]["content"]
    assert "<mark>" not in chat.sources


def test_extractive_mode_answers_without_calling_the_configured_llm(
    seeded_app: Newsrag, embedder: Embedder
) -> None:
    fake = RecordingChatModel(replies=[])  # any call would fail: no reply is queued
    app = Newsrag(seeded_app.settings, embedder=embedder, llm=fake)
    chat = respond(app, PAYS, [], AskOptions(use_llm=False))
    assert chat.exchanges[0].answer.mode == "extractive"
    assert CITE_1 in chat.messages[-1]["content"]
    assert fake.prompts == []


def test_answer_markup_escapes_the_text_and_links_only_cited_markers() -> None:
    text = "Le <b>texte</b> [1], un marqueur inconnu [3] et [?]."
    answer = Answer("q", text, True, [citation(1, "texte", "texte")])
    markup = answer_markup(Exchange("q", answer), 0)
    assert "<b>" not in markup
    assert "&lt;b&gt;texte&lt;/b&gt;" in markup
    assert CITE_1 in markup
    assert "inconnu [3] et [?]." in markup


def test_source_cards_escape_the_article_text() -> None:
    quote = "<script>alert('x')</script> cité"
    passage = f"Avant <b>gras</b>. {quote} & fin."
    cited = citation(
        1, quote, passage, title="<img src=x onerror=alert(1)>", source="Le <i>Monde</i>"
    )
    cited = replace(cited, date="2025-03-27", url="javascript:alert(1)")
    panel = sources_html([Exchange("q <q>", Answer("q", "r [1]", True, [cited]))], "en")
    for raw in ("<script>", "<img", "<b>", "<i>", "<q>", "javascript:"):
        assert raw not in panel
    assert "&lt;img src=x onerror=alert(1)&gt;" in panel
    assert "<mark>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; cité</mark>" in panel
    assert "Avant &lt;b&gt;gras&lt;/b&gt;. <mark>" in panel
    assert "2025-03-27 · Le &lt;i&gt;Monde&lt;/i&gt;" in panel
    assert "&amp; fin." in panel


def test_a_card_shows_a_long_passage_only_around_its_quote() -> None:
    quote = "La grêle a endommagé 240 voitures."
    passage = "avant " * 200 + quote + " après" * 200
    panel = sources_html(
        [Exchange("q", Answer("q", "r [1]", True, [citation(1, quote, passage)]))], "en"
    )
    shown = panel.split('<blockquote class="newsrag-passage">', 1)[1].split("</blockquote>", 1)[0]
    assert shown.startswith("…avant avant")
    assert shown.endswith("après après…")
    assert f"<mark>{quote}</mark>" in shown
    assert 600 < len(shown) < 700


def test_a_quote_outside_its_passage_is_shown_alone_and_a_link_opens_in_a_new_tab() -> None:
    cited = citation(2, "31 pays <ici>", "", url="https://example.org/a?x=1&y=2")
    panel = sources_html([Exchange("q", Answer("q", "r [2]", True, [cited]))], "fr")
    assert "<mark>31 pays &lt;ici&gt;</mark>" in panel
    assert 'href="https://example.org/a?x=1&amp;y=2" target="_blank"' in panel
    assert "date inconnue · a" in panel


def test_filters_are_parsed_and_a_bad_date_names_its_field() -> None:
    options = ask_options("2024-03-01", datetime(2024, 3, 31, 12), ["afp"], 3.0, "extractive", "en")
    assert options == AskOptions(date(2024, 3, 1), date(2024, 3, 31), ("afp",), 3, False)
    assert ask_options("", None, None, 0, "llm", "en") == AskOptions()
    with pytest.raises(OptionError, match="From: “2024-13-01” is not a date"):
        ask_options("2024-13-01", "", None, 5, None, "en")
    with pytest.raises(OptionError, match="Au : « hier » n’est pas une date"):
        ask_options("", "hier", None, 5, None, "fr")
    with pytest.raises(OptionError, match="since"):
        ask_options("mars", "", None, 5, None, "en", ("since", "until"))
    with pytest.raises(OptionError, match=r"“From” \(2024-05-01\) is after “To” \(2024-04-01\)"):
        ask_options("2024-05-01", "2024-04-01", None, 5, None, "en")


def test_the_article_view_rebuilds_the_article_and_highlights_the_cited_span(
    seeded_app: Newsrag,
) -> None:
    expected = seed_article()
    article = seeded_app.article(expected.id)
    assert article is not None
    assert article.text == expected.text
    assert article.title == expected.title
    start = expected.text.index("Mark Rutte")
    end = start + len("Mark Rutte")
    view = article_html(article, article.id, start, end, "en")
    highlighted = view.split('<mark class="newsrag-cited">', 1)[1].split("</mark>", 1)[0]
    assert highlighted == "Mark Rutte"
    assert view.count("<mark") == 1
    assert html.escape(expected.text[end:][:200]) in view
    assert seeded_app.article("nope.txt") is None
    assert "not in the index any more" in article_html(None, "nope.txt", 0, 5, "en")


def test_join_chunks_keeps_every_offset_across_overlaps_and_gaps() -> None:
    text = "Un deux trois.\n\nQuatre cinq six sept. Huit neuf dix."

    def chunk(start: int, end: int) -> Passage:
        return Passage("c", "a", "T", text[start:end], start, end, 0.0)

    assert join_chunks([chunk(16, 38), chunk(0, 16), chunk(30, len(text))]) == text
    assert join_chunks([chunk(2, 8)]) == "  " + text[2:8]  # what precedes the chunk is unknown
    assert (
        join_chunks([chunk(0, 14), chunk(16, 30), chunk(5, 10)]) == text[:14] + "  " + text[16:30]
    )


def test_the_index_panel_and_examples_come_from_the_indexed_articles(
    app: Newsrag, tmp_path: Path
) -> None:
    articles = [
        {"id": "old", "title": "Grève des cheminots. Suite", "text": "Les trains sont à l'arrêt.",
         "date": "2020-03-10", "source": "agence-b"},
        {"id": "new", "title": "Orages sur Lyon", "text": "La grêle a frappé Lyon mardi.",
         "date": "2024-06-01", "source": "agence-a"},
        {"id": "undated", "title": "Sans date", "text": "Un texte sans date ni source."},
        {"id": "copy", "title": "Orages sur Lyon", "text": "Des grêlons sur la ville hier.",
         "date": "2024-05-31", "source": "agence-a"},
    ]  # fmt: skip
    (tmp_path / "news.jsonl").write_text("\n".join(json.dumps(a) for a in articles))
    ingest_paths(app, [tmp_path / "news.jsonl"])
    stats = app.stats()
    assert (stats.first_date, stats.last_date) == ("2020-03-10", "2024-06-01")
    assert stats.sources == ("agence-a", "agence-b")
    panel = index_html(stats, "fr")
    assert "<th>Articles</th><td>4</td>" in panel
    assert "2020-03-10 → 2024-06-01" in panel
    assert "agence-a, agence-b" in panel
    assert stats.embedding_model in panel
    assert html.escape(stats.store) in panel
    assert example_questions(app.catalog(), "en") == [
        "What do the articles say about “Orages sur Lyon”?",
        "What do the articles say about “Grève des cheminots”?",
        "What do the articles say about “Sans date”?",
    ]
    with gr.Blocks():
        widgets = layout(app, "en")
    page = page_texts(app, UISettings(), widgets, "fr")
    assert page[widgets.ask_button]["value"] == "Demander"
    assert page[widgets.source_filter]["choices"] == ["agence-a", "agence-b"]
    assert (
        'data-question="Que disent les articles sur « Orages sur Lyon » ?"'
        in page[widgets.examples]
    )
    assert page[widgets.mode]["choices"] == [
        ("Extractives : les phrases mêmes des articles", "extractive")
    ]
    assert "(NEWSRAG_LLM)" in page[widgets.mode]["info"]


def test_the_llm_mode_is_offered_only_with_a_configured_llm(
    seeded_app: Newsrag, embedder: Embedder
) -> None:
    assert [value for _, value in mode_choices(seeded_app, "en")] == ["extractive"]
    settings = seeded_app.settings.model_copy(update={"llm": "openai:tiny"})
    with_llm = Newsrag(settings, embedder=embedder, llm=RecordingChatModel(replies=[]))
    assert mode_choices(with_llm, "en") == [
        ("Extractive: the articles' own sentences", "extractive"),
        ("LLM: openai:tiny", "llm"),
    ]


def test_an_empty_index_panel_says_so(app: Newsrag) -> None:
    panel = index_html(app.stats(), "en")
    assert "<th>Articles</th><td>0</td>" in panel
    assert "no dated article" in panel
    assert "<td>none</td>" in panel
    assert example_questions(app.catalog(), "en") == []

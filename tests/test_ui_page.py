"""The chat page's HTML and filters without a browser: French dates, chips, refusals that count
the filtered articles, `[n]` previews, one card per article, Copy's plain text, a refusal that
quotes what the articles say instead."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import pytest

from rag.app import IndexStats, Newsrag
from rag.store.rows import ArticleInfo
from rag.types import Answer, Citation
from ui.web.answers import answer_markup, plain_answer
from ui.web.cards import index_line, sources_html
from ui.web.chat import ask_options, respond
from ui.web.filters import OptionError, chips_html, count_within, parse_day, show_day
from ui.web.state import AskOptions, Exchange

TEXT = "À Paris, 31 pays se réunissent lundi. Emmanuel Macron accueille le sommet."


def cite(n: int, quote: str, article: str = "a", **fields: Any) -> Citation:
    """A citation of `quote` inside TEXT (article `article`)."""
    start = TEXT.index(quote)
    values: dict[str, Any] = {"title": "Sommet", "date": "2025-03-27", "source": "afp"}
    values.update(fields)
    return Citation(
        n, article, quote=quote, start=start, end=start + len(quote), score=0.5,
        passage=TEXT, **values,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("01/05/2016", date(2016, 5, 1)),
        ("1/5/2016", date(2016, 5, 1)),
        ("31.12.2016", date(2016, 12, 31)),
        ("2016-05-01", date(2016, 5, 1)),
        (" 2016-05-01T10:00:00+02:00 ", date(2016, 5, 1)),
        ("", None),
    ],
)
def test_a_date_is_read_as_jj_mm_aaaa_or_aaaa_mm_jj(typed: str, day: date | None) -> None:
    assert parse_day(typed, "since", "fr") == day


@pytest.mark.parametrize("typed", ["31/02/2016", "2016-13-01", "05/2016", "hier", "01/05/16"])
def test_a_bad_date_names_its_field_in_the_page_language(typed: str) -> None:
    with pytest.raises(OptionError, match=f"Du : « {typed} » n’est pas une date") as caught:
        parse_day(typed, "since", "fr")
    assert caught.value.field == "since"


def test_an_inverted_range_is_an_error_of_the_until_field_in_french_dates() -> None:
    with pytest.raises(OptionError, match=r"« Du » \(01/06/2016\) est après « Au »") as caught:
        ask_options("01/06/2016", "2016-05-01", None, 5, None, "fr")
    assert caught.value.field == "until"


def test_days_are_shown_as_the_page_language_writes_them() -> None:
    assert show_day(date(2016, 5, 1), "fr") == "01/05/2016"
    assert show_day("2016-05-01T08:15:00+01:00", "en") == "2016-05-01"
    assert show_day(None, "fr") == ""


def test_active_filters_become_removable_chips() -> None:
    options = AskOptions(since=date(2016, 5, 1), sources=("afp", "<b>x</b>"))
    chips = chips_html(options, "fr")
    assert "Du 01/05/2016" in chips
    assert 'data-filter="since"' in chips
    assert 'aria-label="Retirer le filtre Du 01/05/2016"' in chips
    assert "Sources : afp, &lt;b&gt;x&lt;/b&gt;" in chips
    assert 'data-filter="until"' not in chips
    assert chips_html(AskOptions(k=3, use_llm=False), "fr") == ""  # not filters


def test_the_filtered_articles_are_counted_as_the_store_filters_them() -> None:
    catalog = [
        ArticleInfo("a", "A", "2016-05-02", "afp"),
        ArticleInfo("b", "B", "2016-04-30T23:00:00+02:00", "afp"),
        ArticleInfo("c", "C", None, "afp"),  # undated: never passes a date bound
        ArticleInfo("d", "D", "2016-05-03", "reuters"),
    ]
    assert count_within(catalog, AskOptions(since=date(2016, 5, 1))) == 2
    assert count_within(catalog, AskOptions(sources=("afp",))) == 3
    assert count_within(catalog, AskOptions(since=date(2016, 5, 1), sources=("afp",))) == 1
    assert count_within(catalog, AskOptions(until=date(2016, 4, 30))) == 1


def test_a_refusal_under_filters_counts_the_articles_they_let_through(
    seeded_app: Newsrag,
) -> None:
    chat = respond(seeded_app, "Combien de pays ?", [], AskOptions(sources=("nope",)), "fr")
    [exchange] = chat.exchanges
    assert (exchange.searched, exchange.scope) == (0, "Sources : nope")
    message = chat.messages[-1]["content"]
    assert "Aucun des 0 articles dans les filtres (Sources : nope) ne répond" in message
    assert "Aucun des 0 articles dans les filtres" in chat.sources
    unfiltered = respond(seeded_app, "Quelle est la recette de la tarte tatin ?", [], None, "fr")
    assert unfiltered.exchanges[0].searched is None


def test_each_marker_has_a_preview_and_a_hidden_name_and_the_answer_its_dates() -> None:
    cited = cite(1, "31 pays se réunissent lundi", title="Sommet <de> Paris")
    answer = Answer("q", "Ils sont 31 [1].", True, [cited], standalone_question="q")
    markup = answer_markup(Exchange("q", answer), 2, "fr")
    assert 'href="#newsrag-card-2-1">[1]</a>' in markup
    assert '<span class="newsrag-cite-label">Source 1 : Sommet &lt;de&gt; Paris</span>' in markup
    preview = markup.split('id="newsrag-preview-2-1">', 1)[1]
    assert preview.startswith('<strong class="newsrag-preview-title">Sommet &lt;de&gt; Paris')
    assert "27/03/2025 · afp" in preview
    assert "« 31 pays se réunissent lundi »" in preview
    assert "Articles du 27/03/2025" in markup
    assert "Question comprise" not in markup  # asked as it was understood


def test_a_follow_up_shows_how_it_was_understood() -> None:
    answer = Answer("Et lui ?", "Oui [1].", True, [cite(1, "Emmanuel Macron")], "Et Macron ?")
    markup = answer_markup(Exchange("Et lui ?", answer), 0, "fr")
    assert '<p class="newsrag-understood">Question comprise : Et Macron ?</p>' in markup


def test_copy_gives_plain_text_with_markers_and_the_sources() -> None:
    first = cite(1, "31 pays se réunissent lundi", url="https://example.org/a")
    second = cite(2, "Emmanuel Macron", article="b", title="Élysée", date=None, source=None)
    answer = Answer("q", "Ils sont 31 [1], chez Macron [2].", True, [first, second])
    assert plain_answer(answer, "en") == (
        "Ils sont 31 [1], chez Macron [2].\n\nSources:\n"
        "[1] Sommet — 2025-03-27 — afp — https://example.org/a\n"
        "    « 31 pays se réunissent lundi »\n"
        "[2] Élysée — date unknown\n"
        "    « Emmanuel Macron »"
    )
    markup = answer_markup(Exchange("q", answer), 0, "en")
    hidden = markup.split('<span class="newsrag-copy-text">', 1)[1].split("</span>", 1)[0]
    assert hidden.startswith("Ils sont 31 [1], chez Macron [2].\n\nSources:\n[1] Sommet")


def test_an_article_cited_three_times_gets_one_card_with_its_three_quotes() -> None:
    quotes = ["À Paris", "31 pays se réunissent lundi", "Emmanuel Macron"]
    citations = [cite(n, q) for n, q in enumerate(quotes, start=1)]
    citations.append(cite(4, "le sommet", article="other", title="Autre"))
    answer = Answer("q", "A [1] B [2] C [3] D [4].", True, citations)
    panel = sources_html([Exchange("q", answer)], "en")
    assert panel.count('<details class="newsrag-card"') == 2
    card = panel.split('<details class="newsrag-card" id="newsrag-card-0-1">', 1)[1]
    card = card.split("</details>", 1)[0]
    assert '<strong class="newsrag-n">[1][2][3]</strong>' in card
    assert card.count("<blockquote") == 3
    assert 'id="newsrag-card-0-2"' in card
    assert 'id="newsrag-card-0-3"' in card
    assert 'id="newsrag-card-0-4"' in panel.split(card, 1)[1]


def test_the_words_that_answer_are_bold_inside_the_highlighted_quote() -> None:
    quote = "31 pays se réunissent lundi"
    start = TEXT.index(quote)
    cited = cite(1, quote, answer_start=start, answer_end=start + 7)
    panel = sources_html([Exchange("q", Answer("q", "r [1]", True, [cited]))], "en")
    assert (
        '<mark><strong class="newsrag-answer-span">31 pays</strong> se réunissent lundi</mark>'
        in panel
    )
    outside = cite(1, quote, answer_start=0, answer_end=3)  # not inside the quote: ignored
    panel = sources_html([Exchange("q", Answer("q", "r [1]", True, [outside]))], "en")
    assert f"<mark>{quote}</mark>" in panel


def test_the_header_line_shows_no_model_and_no_path() -> None:
    stats = IndexStats(
        articles=152, chunks=900, embedding_model="intfloat/multilingual-e5-small",
        store="/srv/news/.newsrag/chroma", first_date="2016-05-01", last_date="2016-06-30",
        sources=("afp",),
    )  # fmt: skip
    line = index_line(stats, "fr")
    assert line == "152 articles · 900 passages · 01/05/2016 → 30/06/2016"


def test_a_refusal_that_quotes_what_was_found_keeps_its_links_and_cards(
    seeded_app: Newsrag,
) -> None:
    # the seed counts 17 injured at Kharkiv, no deaths: refused, quoting the injured
    chat = respond(seeded_app, "Combien de morts à Kharkiv ?", [])
    [exchange] = chat.exchanges
    assert not exchange.answer.found
    message = chat.messages[-1]["content"]
    assert message.startswith('<div class="newsrag-answer newsrag-refusal">')
    assert "ne donnent pas de nombre de « morts »" in html.unescape(message)
    assert 'href="#newsrag-card-0-1"' in message
    assert 'id="newsrag-card-0-1"' in chat.sources
    marked = " ".join(part.split("</mark>", 1)[0] for part in chat.sources.split("<mark>")[1:])
    assert "17 personnes" in marked

"""HTML of the chat page: answers with clickable `[n]`, source cards, refusals, the article view.

Everything that comes from an article or a user is escaped here, once.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from rag.app import IndexStats
from rag.types import Answer, Article, Citation, Passage
from ui.i18n import Lang, label
from ui.state import Exchange

_MARKER = re.compile(r"\[(\d+)\]")
_SHOWN_CLOSEST = 3
# Merged chunks can make a passage the whole article: a card shows the quote in context.
_CONTEXT_CHARS = 300


def card_id(turn: int, n: int) -> str:
    """The DOM id of the source card of `[n]` in the answer to question `turn` (0-based)."""
    return f"newsrag-card-{turn}-{n}"


def placeholder(text: str) -> str:
    """A grey hint shown where content will appear."""
    return f'<p class="newsrag-placeholder">{html.escape(text)}</p>'


def answer_markup(answer: Answer, turn: int) -> str:
    """An answer as a chat message: escaped text, each cited `[n]` a link to its source card,
    a refusal wrapped in its own style."""
    cited = {c.n for c in answer.citations}

    def link(match: re.Match[str]) -> str:
        n = int(match[1])
        if n not in cited:
            return match[0]
        return f'<a class="newsrag-cite" href="#{card_id(turn, n)}">[{n}]</a>'

    body = _MARKER.sub(link, html.escape(answer.text, quote=False))
    if not answer.found:
        return f'<div class="newsrag-refusal">{body}</div>'
    return body


def _cut_before(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    kept = text[-limit:]
    return "…" + (kept.split(" ", 1)[1] if " " in kept else kept)


def _cut_after(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def highlighted_passage(citation: Citation, context: int = _CONTEXT_CHARS) -> str:
    """The cited passage, HTML-escaped, its quote in `<mark>` with up to `context` characters
    either side (the quote alone if it is not in the passage)."""
    quote = citation.quote
    at = citation.passage.find(quote) if quote else -1
    if at < 0:
        if quote:
            return f"<mark>{html.escape(quote)}</mark>"
        return html.escape(_cut_after(citation.passage, 2 * context))
    before = _cut_before(citation.passage[:at], context)
    after = _cut_after(citation.passage[at + len(quote) :], context)
    return f"{html.escape(before)}<mark>{html.escape(quote)}</mark>{html.escape(after)}"


def _meta(date: str | None, source: str | None, fallback: str, lang: Lang) -> str:
    when = html.escape(date or label(lang, "date_unknown"))
    return f'<small class="newsrag-meta">{when} · {html.escape(source or fallback)}</small>'


def _link(url: str | None, lang: Lang) -> str:
    if not url or not url.startswith(("http://", "https://")):
        return ""
    return (
        f'<a class="newsrag-link" href="{html.escape(url)}" target="_blank" '
        f'rel="noopener noreferrer">{html.escape(label(lang, "link"))}</a>'
    )


def _open_button(article_id: str, start: int, end: int, text: str) -> str:
    return (
        f'<button type="button" class="newsrag-open" data-article="{html.escape(article_id)}" '
        f'data-start="{start}" data-end="{end}">{html.escape(text)}</button>'
    )


def source_card(citation: Citation, turn: int, lang: Lang) -> str:
    """`[n]` title, date · source (always shown); opened: link, the passage with the quote
    highlighted, and a button to the whole article."""
    c = citation
    return (
        f'<details class="newsrag-card" id="{card_id(turn, c.n)}">'
        f'<summary><strong class="newsrag-n">[{c.n}]</strong> '
        f'<span class="newsrag-title">{html.escape(c.title)}</span><br>'
        f"{_meta(c.date, c.source, c.article_id, lang)}</summary>"
        f'<div class="newsrag-card-body">{_link(c.url, lang)}'
        f'<blockquote class="newsrag-passage">{highlighted_passage(c)}</blockquote>'
        f"{_open_button(c.article_id, c.start, c.end, label(lang, 'open_article'))}</div>"
        "</details>"
    )


def closest_articles(passages: Sequence[Passage]) -> list[Passage]:
    """The best passage of each of the closest articles, best first."""
    seen: dict[str, Passage] = {}
    for p in passages:
        seen.setdefault(p.article_id, p)
    return list(seen.values())[:_SHOWN_CLOSEST]


def _refusal(exchange: Exchange, lang: Lang) -> str:
    closest = closest_articles(exchange.closest)
    if not closest:
        return f'<div class="newsrag-refusal"><p>{html.escape(label(lang, "no_closest"))}</p></div>'
    items = "".join(
        f"<li>{_open_button(p.article_id, p.start, p.end, p.title or p.article_id)} "
        f"{_meta(p.date, p.source, p.article_id, lang)}</li>"
        for p in closest
    )
    return (
        f'<div class="newsrag-refusal"><p>{html.escape(label(lang, "refusal"))} '
        f"{html.escape(label(lang, 'closest'))}</p><ul>{items}</ul></div>"
    )


def _turn_section(turn: int, exchange: Exchange, lang: Lang, *, shown: bool) -> str:
    answer = exchange.answer
    if not answer.found:
        body = _refusal(exchange, lang)
    elif answer.citations:
        body = "".join(source_card(c, turn, lang) for c in answer.citations)
    else:
        body = placeholder(label(lang, "no_source"))
    heading = html.escape(label(lang, "sources_of", question=exchange.question))
    hidden = "" if shown else " hidden"
    return (
        f'<section class="newsrag-turn" data-turn="{turn}"{hidden}>'
        f'<p class="newsrag-turn-title">{heading}</p>{body}</section>'
    )


def sources_html(exchanges: Sequence[Exchange], lang: Lang) -> str:
    """The sources panel: a section per answer (only the last one shown until an older
    answer's `[n]` is clicked), each with the cards of its citations or its refusal."""
    if not exchanges:
        return placeholder(label(lang, "placeholder_sources"))
    last = len(exchanges) - 1
    return "".join(
        _turn_section(turn, e, lang, shown=turn == last) for turn, e in enumerate(exchanges)
    )


def article_html(article: Article | None, article_id: str, start: int, end: int, lang: Lang) -> str:
    """The whole article, its `[start, end)` span highlighted (`mark.newsrag-cited`)."""
    if article is None:
        return placeholder(label(lang, "article_missing", id=article_id))
    text = article.text
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    body = html.escape(text[:start])
    if end > start:
        body += f'<mark class="newsrag-cited">{html.escape(text[start:end])}</mark>'
    body += html.escape(text[end:])
    return (
        f'<article class="newsrag-article" data-article="{html.escape(article.id)}">'
        f"<h3>{html.escape(article.title)}</h3>"
        f"<p>{_meta(article.date, article.source, article.id, lang)} {_link(article.url, lang)}</p>"
        f'<div class="newsrag-article-text">{body}</div></article>'
    )


def index_line(stats: IndexStats, lang: Lang = "en") -> str:
    """`N articles · M passages · embedding model · store`, as shown under the title."""
    return label(
        lang,
        "index_line",
        articles=stats.articles,
        chunks=stats.chunks,
        model=stats.embedding_model,
        store=stats.store,
    )


def index_html(stats: IndexStats, lang: Lang) -> str:
    """The index panel: articles, passages, date span, sources, embedding model, store."""
    if stats.first_date and stats.last_date:
        dates = f"{stats.first_date} → {stats.last_date}"
    else:
        dates = label(lang, "index_no_dates")
    rows = [
        ("index_articles", str(stats.articles)),
        ("index_chunks", str(stats.chunks)),
        ("index_dates", dates),
        ("index_sources", ", ".join(stats.sources) or label(lang, "index_none")),
        ("index_model", stats.embedding_model),
        ("index_store", stats.store),
    ]
    cells = "".join(
        f'<tr data-field="{key}"><th>{html.escape(label(lang, key))}</th>'
        f"<td>{html.escape(value)}</td></tr>"
        for key, value in rows
    )
    return f'<table class="newsrag-index">{cells}</table>'

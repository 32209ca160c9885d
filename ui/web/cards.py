"""HTML of the chat page: answers with clickable `[n]`, source cards, refusals, the article view.

Everything that comes from an article or a user is escaped here, once.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from rag.app import IndexStats
from rag.types import Article, Citation, Passage
from ui.web.answers import card_id, refusal_text, when
from ui.web.i18n import Lang, label
from ui.web.state import Exchange

_SHOWN_CLOSEST = 3
# Merged chunks can make a passage the whole article: a card shows the quote in context.
_CONTEXT_CHARS = 300


def placeholder(text: str) -> str:
    """A grey hint shown where content will appear."""
    return f'<p class="newsrag-placeholder">{html.escape(text)}</p>'


def _cut_before(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    kept = text[-limit:]
    return "…" + (kept.split(" ", 1)[1] if " " in kept else kept)


def _cut_after(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def marked_quote(citation: Citation) -> str:
    """The quote in `<mark>`, the words that answer (`answer_start`..`answer_end`, article
    offsets, when known) in bold inside it."""
    quote = citation.quote
    first = getattr(citation, "answer_start", None)
    last = getattr(citation, "answer_end", None)
    if first is None or last is None or not citation.start <= first < last <= citation.end:
        return f"<mark>{html.escape(quote)}</mark>"
    a, b = first - citation.start, last - citation.start
    return (
        f'<mark>{html.escape(quote[:a])}<strong class="newsrag-answer-span">'
        f"{html.escape(quote[a:b])}</strong>{html.escape(quote[b:])}</mark>"
    )


def highlighted_passage(citation: Citation, context: int = _CONTEXT_CHARS) -> str:
    """The cited passage, HTML-escaped, its quote in `<mark>` with up to `context` characters
    either side (the quote alone if it is not in the passage)."""
    quote = citation.quote
    at = citation.passage.find(quote) if quote else -1
    if at < 0:
        if quote:
            return marked_quote(citation)
        return html.escape(_cut_after(citation.passage, 2 * context))
    before = _cut_before(citation.passage[:at], context)
    after = _cut_after(citation.passage[at + len(quote) :], context)
    return f"{html.escape(before)}{marked_quote(citation)}{html.escape(after)}"


def _meta(date: str | None, source: str | None, fallback: str, lang: Lang) -> str:
    day = html.escape(when(date, lang))
    return f'<small class="newsrag-meta">{day} · {html.escape(source or fallback)}</small>'


_SHOWN_URL_CHARS = 80


def _link(url: str | None, lang: Lang) -> str:
    """The article's own URL (from its metadata), shown as the address it goes to."""
    if not url or not url.startswith(("http://", "https://")):
        return ""
    shown = url if len(url) <= _SHOWN_URL_CHARS else url[: _SHOWN_URL_CHARS - 1] + "…"
    return (
        f'<span class="newsrag-link">{html.escape(label(lang, "link"))} '
        f'<a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer">'
        f"{html.escape(shown)}</a></span>"
    )


def _open_button(article_id: str, start: int, end: int, text: str) -> str:
    return (
        f'<button type="button" class="newsrag-open" data-article="{html.escape(article_id)}" '
        f'data-start="{start}" data-end="{end}">{html.escape(text)}</button>'
    )


def _id(value: str) -> str:
    return f' id="{value}"'


def _number(n: int) -> str:
    return f'<span class="newsrag-n">[{n}]</span>'


def source_card(citations: Sequence[Citation], turn: int, lang: Lang) -> str:
    """One card per article: `[n]...` title, date · source (always shown); opened: the link,
    then each quote of the article in its passage, with a button to the whole article. The
    card holds the id of its first `[n]`, each further quote the id of its own."""
    first = citations[0]
    numbers = "".join(f"[{c.n}]" for c in citations)
    quotes = "".join(
        f'<div class="newsrag-quote"{"" if c is first else _id(card_id(turn, c.n))}>'
        f"{_number(c.n) if len(citations) > 1 else ''}"
        f'<blockquote class="newsrag-passage">{highlighted_passage(c)}</blockquote>'
        f"{_open_button(c.article_id, c.start, c.end, label(lang, 'open_article'))}</div>"
        for c in citations
    )
    return (
        f'<details class="newsrag-card" id="{card_id(turn, first.n)}">'
        f'<summary><strong class="newsrag-n">{numbers}</strong> '
        f'<span class="newsrag-title">{html.escape(first.title)}</span><br>'
        f"{_meta(first.date, first.source, first.article_id, lang)}</summary>"
        f'<div class="newsrag-card-body">{_link(first.url, lang)}{quotes}'
        f'<button type="button" class="newsrag-back">{html.escape(label(lang, "back"))}</button>'
        "</div>"
        "</details>"
    )


def article_cards(citations: Sequence[Citation], turn: int, lang: Lang) -> str:
    """The cards of an answer: one per article, in the order of their first `[n]`."""
    groups: dict[str, list[Citation]] = {}
    for c in citations:
        groups.setdefault(c.article_id, []).append(c)
    return "".join(source_card(group, turn, lang) for group in groups.values())


def closest_articles(passages: Sequence[Passage]) -> list[Passage]:
    """The best passage of each of the closest articles, best first."""
    seen: dict[str, Passage] = {}
    for p in passages:
        seen.setdefault(p.article_id, p)
    return list(seen.values())[:_SHOWN_CLOSEST]


def _refusal(exchange: Exchange, lang: Lang) -> str:
    closest = closest_articles(exchange.answer.passages)
    if not closest:
        why = label(lang, "no_closest")
        if exchange.searched is not None:
            why = f"{refusal_text(exchange, lang)} {why}"
        return f'<div class="newsrag-refusal"><p>{html.escape(why)}</p></div>'
    items = "".join(
        f"<li>{_open_button(p.article_id, p.start, p.end, p.title or p.article_id)} "
        f"{_meta(p.date, p.source, p.article_id, lang)}</li>"
        for p in closest
    )
    why = refusal_text(exchange, lang) if exchange.searched is not None else label(lang, "refusal")
    return (
        f'<div class="newsrag-refusal"><p>{html.escape(why)} '
        f"{html.escape(label(lang, 'closest'))}</p><ul>{items}</ul></div>"
    )


def _turn_section(turn: int, exchange: Exchange, lang: Lang, *, shown: bool) -> str:
    answer = exchange.answer
    if answer.citations:  # an answer's sources, or what a refusal quotes instead
        body = article_cards(answer.citations, turn, lang)
    elif not answer.found:
        body = _refusal(exchange, lang)
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
        f'<div class="newsrag-article-text" tabindex="0" role="region" '
        f'aria-label="{html.escape(article.title or article.id)}">{body}</div></article>'
    )


def index_line(stats: IndexStats, lang: Lang = "en") -> str:
    """`N articles · M passages · first → last date`, as shown under the title (the model
    and the store's location stay in the index panel)."""
    line = label(lang, "index_line", articles=stats.articles, chunks=stats.chunks)
    if stats.first_date and stats.last_date:
        first, last = when(stats.first_date, lang), when(stats.last_date, lang)
        line += f" · {first} → {last}"
    return line


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

"""The lexicon: one fold, one length-keeping fold for offsets, word lists built into patterns."""

from __future__ import annotations

import re

import pytest

from rag.text.lexicon import MONTHS, any_of, fold, fold_same_length, fold_words, month_name


def test_fold_lower_cases_and_strips_accents() -> None:
    assert fold("Élysée, Straße, Kyïv") == "elysee, strasse, kyiv"


def test_the_length_keeping_fold_maps_offsets_back_to_the_original() -> None:
    text = "Was geschah im März in der Straße ?"
    folded = fold_same_length(text)

    assert len(folded) == len(text)
    assert folded == "Was geschah im Marz in der Straße ?"
    found = re.search("marz", folded, re.IGNORECASE)
    assert found is not None
    assert text[found.start() : found.end()] == "März"


def test_folded_words_keep_elided_articles() -> None:
    assert fold_words("L’Élysée a dit « non »") == ["l", "elysee", "a", "dit", "non"]


def test_an_alternation_prefers_the_longest_word_and_any_whitespace() -> None:
    pattern = re.compile(rf"(?:{any_of(['mio', 'mio.', 'pour cent'])})")

    found = pattern.match("mio. euros")
    assert found is not None
    assert found[0] == "mio."
    assert pattern.fullmatch("pour  cent") is not None


@pytest.mark.parametrize(("lang", "expected"), [("fr", "mars"), ("en", "March"), ("de", "März")])
def test_month_names_are_written_as_each_language_writes_them(lang: str, expected: str) -> None:
    assert month_name(3, lang) == expected


def test_every_language_names_twelve_months() -> None:
    assert {lang: len(names) for lang, names in MONTHS.items()} == {"fr": 12, "en": 12, "de": 12}

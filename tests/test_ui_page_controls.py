"""The date picker's settings, Gradio's own words and the chips kept beside a bad date, without
a browser (the browser tests are in tests/test_browser_date_picker.py)."""

from __future__ import annotations

from datetime import date

import pytest

from ui.web.app import filter_state
from ui.web.datepicker import picker_html
from ui.web.gradio_words import GRADIO_LOCALES, WORDS, gradio_translations
from ui.web.i18n import LABELS, Lang


def test_the_picker_opens_on_the_last_article_date_in_the_page_language() -> None:
    french = picker_html("2016-06-03T08:00:00+02:00", "fr")
    assert 'data-opens="2016-06-03"' in french
    assert 'data-lang="fr"' in french
    assert 'data-format="dmy"' in french
    assert 'data-open-label="Choisir une date"' in french
    english = picker_html("2016-06-03", "en")
    assert 'data-format="iso"' in english
    assert 'data-next-label="Next month"' in english


@pytest.mark.parametrize("last", [None, "", "date inconnue"])
def test_without_a_dated_article_the_picker_opens_on_today(last: str | None) -> None:
    assert f'data-opens="{date.today().isoformat()}"' in picker_html(last, "fr")


def test_the_date_hint_and_placeholder_name_the_same_formats_in_each_language() -> None:
    for words, day_first, iso in ((LABELS["fr"], "JJ/MM/AAAA", "AAAA-MM-JJ"),
                                  (LABELS["en"], "DD/MM/YYYY", "YYYY-MM-DD")):  # fmt: skip
        assert words["date_placeholder"] in (day_first, iso)
        for key in ("date_info", "bad_date"):
            assert day_first in words[key]
            assert iso in words[key]
    assert "YYYY" not in "".join(LABELS["fr"].values())


@pytest.mark.parametrize(
    ("setting", "french_browser", "german_browser"),
    [("fr", "fr", "fr"), ("en", "en", "en"), ("auto", "fr", "en")],
)
def test_gradio_gets_the_page_language_s_words_for_every_browser_locale(
    setting: str, french_browser: Lang, german_browser: Lang
) -> None:
    table = gradio_translations(setting).translations_dict
    assert set(table) == set(GRADIO_LOCALES)
    assert table["fr"] == WORDS[french_browser]
    assert table["de"] == WORDS[german_browser]
    assert table["zh-CN"] == WORDS[german_browser]


def test_both_languages_translate_the_same_gradio_words() -> None:
    assert set(WORDS["fr"]) == set(WORDS["en"])
    assert all(WORDS["fr"][key] != WORDS["en"][key] for key in ("common.clear", "common.error"))


def test_the_chips_keep_the_valid_filters_while_a_date_is_wrong() -> None:
    chips, error = filter_state("01/05/2016", "31/02/2016", ["afp"], "fr")
    assert "Du 01/05/2016" in chips
    assert "Sources : afp" in chips
    assert 'data-field="until"' in error
    chips, error = filter_state("01/06/2016", "01/05/2016", None, "fr")  # inverted range
    assert "Du 01/06/2016" in chips
    assert "Au 01/05/2016" not in chips
    assert "est après" in error
    chips, error = filter_state("hier", "demain", ["afp"], "fr")  # both wrong
    assert "Sources : afp" in chips
    assert "Du" not in chips
    assert 'data-field="since"' in error
    chips, error = filter_state("01/05/2016", "", None, "fr")
    assert "Du 01/05/2016" in chips
    assert error == ""

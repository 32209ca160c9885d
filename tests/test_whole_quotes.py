"""The benchmark's judge of whole quotes: punctuation, not newsrag's splitter, says where a
sentence starts and ends."""

from __future__ import annotations

from bench.whole_quotes import ends_whole, is_whole, starts_whole

ARTICLE = (
    "Le porte-parole du gouvernement, M. Attal, a annoncé mardi que M. Macron recevra les "
    "syndicats jeudi à l'Élysée. « Nous irons », a dit J. F. Martin.\n"
    "Un titre sans point\nLa suite. « Une citation. » Fin."
)


def at(text: str) -> int:
    return ARTICLE.index(text)


def test_a_quote_cut_after_a_title_or_an_initial_is_not_whole() -> None:
    end = at(" « Nous")
    assert is_whole(ARTICLE, 0, end)
    assert not starts_whole(ARTICLE, at("Macron recevra"))  # after « M. »
    assert not starts_whole(ARTICLE, at("Martin"))  # after the initial « F. »
    assert not ends_whole(ARTICLE, at(" Attal"))  # « ... M. »
    assert not ends_whole(ARTICLE, at(", M. Attal"))  # no final mark


def test_lines_guillemets_and_the_texts_ends_bound_sentences() -> None:
    assert is_whole(ARTICLE, at("« Nous"), at("\nUn titre"))
    assert is_whole(ARTICLE, at("Un titre"), at("\nLa suite"))  # a heading line
    assert is_whole(ARTICLE, at("« Une"), at(" Fin."))  # « ... . » with its spaces
    assert starts_whole(ARTICLE, at("Fin."))
    assert is_whole(ARTICLE, at("Fin."), len(ARTICLE))


def test_an_abbreviation_or_an_initial_ends_a_sentence_before_a_word_that_opens_one() -> None:
    text = (
        "Du XIIe siècle av. J.-C. au VIIIe siècle av. J.-C. Les invasions marquent la période. "
        "Il finit la saison en coupe du monde B. Il obtient une 5e place. Des stars, Moby, "
        "etc. Au sommet de sa gloire, il voit le président J. Kennedy et M. Le Pen. Il fait "
        "−20 °C. Environ 7 000 arrivent, dit G.W. Bush."
    )
    for opening in ("Les invasions", "Il obtient", "Au sommet", "Environ"):
        assert starts_whole(text, text.index(opening)), opening
    assert not starts_whole(text, text.index("au VIIIe"))  # « J.-C. au » goes on
    assert not starts_whole(text, text.index("Kennedy"))  # an initial before a name
    assert not starts_whole(text, text.index("Bush"))
    assert not starts_whole(text, text.index("Le Pen"))  # a title never ends a sentence
    assert ends_whole(text, text.index(" Il obtient"))


def test_a_scraped_join_after_an_abbreviation_ends_a_sentence() -> None:
    text = "Des stars, Mia Farrow, etc.Au sommet de sa gloire, il voit J.Kennedy."
    assert ends_whole(text, text.index("Au sommet"))
    assert starts_whole(text, text.index("Au sommet"))
    assert not starts_whole(text, text.index("Kennedy"))  # an initial glued to a name


def test_a_heading_glued_to_its_paragraph_ends_where_the_paragraph_begins() -> None:
    text = "Deux plaintes seront déposéesAu moment de l'agression, elle filmait sur LinkedIn."
    assert ends_whole(text, text.index("Au moment"))
    assert starts_whole(text, text.index("Au moment"))
    assert not starts_whole(text, text.index("In."))  # a name in camel case goes on
    assert not starts_whole(text, text.index("moment"))

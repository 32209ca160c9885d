"""The sentence splitter: news abbreviations, initials, numbers, quotations, scraped joins."""

from __future__ import annotations

import re

import pytest

from rag.text.segmenter import chunk_sentence_separator, sentence_spans
from rag.text.sentences import section_starts, split_sentences, split_text
from rag.types import Passage


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Le porte-parole du gouvernement, M. Attal, a annoncé mardi que M. Macron recevra "
            "les syndicats jeudi à l'Élysée. Les syndicats ont salué l'annonce.",
            "fr",
            [
                "Le porte-parole du gouvernement, M. Attal, a annoncé mardi que M. Macron "
                "recevra les syndicats jeudi à l'Élysée.",
                "Les syndicats ont salué l'annonce.",
            ],
        ),
        (
            "MM. Dupont et Durand, Mme Martin, Dr. Roux et Pr. Blanc sont là. Ils votent.",
            "fr",
            ["MM. Dupont et Durand, Mme Martin, Dr. Roux et Pr. Blanc sont là.", "Ils votent."],
        ),
        (
            "Le président J. F. Kennedy est mort en 1963. Jean-Marie Le Pen (J.-M. Le Pen) parle.",
            "fr",
            [
                "Le président J. F. Kennedy est mort en 1963.",
                "Jean-Marie Le Pen (J.-M. Le Pen) parle.",
            ],
        ),
        (
            "Rome fut fondée en 753 av. J.-C. La ville grandit. Des pommes, etc. Le marché ferme.",
            "fr",
            [
                "Rome fut fondée en 753 av. J.-C.",
                "La ville grandit.",
                "Des pommes, etc.",
                "Le marché ferme.",
            ],
        ),
        (
            "La hausse atteint 3,5 % et 1.500 emplois. Le texte n° 5 est voté.",
            "fr",
            ["La hausse atteint 3,5 % et 1.500 emplois.", "Le texte n° 5 est voté."],
        ),
        (
            "Il a dit : « Nous allons gagner. Nous sommes prêts. » Puis il est parti.",
            "fr",
            ["Il a dit : « Nous allons gagner. Nous sommes prêts. »", "Puis il est parti."],
        ),
        (
            'Elle a dit : "Non. Jamais." Le soir, "Notre combat", a déclaré M. Sarraj. Fin.',
            "fr",
            [
                'Elle a dit : "Non. Jamais."',
                'Le soir, "Notre combat", a déclaré M. Sarraj.',
                "Fin.",
            ],
        ),
        (
            "« Nous avons (...) Nous resterons » a-t-il dit. Selon l'AFP.Aucune victime.",
            "fr",
            ["« Nous avons (...) Nous resterons » a-t-il dit.", "Selon l'AFP.", "Aucune victime."],
        ),
        (
            # a straight quote glued by scraping opens the next sentence unless one is open
            'Devant le tribunal."Libérez Radi", ont-ils scandé. Il a dit "non."Aucune victime.',
            "fr",
            [
                "Devant le tribunal.",
                '"Libérez Radi", ont-ils scandé.',
                'Il a dit "non."',
                "Aucune victime.",
            ],
        ),
        (
            "Am 3. Oktober 1990 wurde Deutschland vereint. Das war z. B. für Berlin wichtig, "
            "u. a. Merkel sagte das. Er sagte: „Wir kommen. Wir bleiben.“ Dann ging er.",
            "de",
            [
                "Am 3. Oktober 1990 wurde Deutschland vereint.",
                "Das war z. B. für Berlin wichtig, u. a. Merkel sagte das.",
                "Er sagte: „Wir kommen. Wir bleiben.“",
                "Dann ging er.",
            ],
        ),
        (
            "Mr. Smith met Dr. Jones in St. Louis. Really? Yes! The plan B. It works.",
            "en",
            [
                "Mr. Smith met Dr. Jones in St. Louis.",
                "Really?",
                "Yes!",
                "The plan B.",
                "It works.",
            ],
        ),
        (
            # a heading or a caption glued to its paragraph by scraping, with no mark at all;
            # names in camel case are no join (until 2026-12-03 the heading opened the sentence)
            "Deux plaintes seront déposéesAu moment de l'agression, elle filmait. Une taxe sur "
            "les produits halalL'une des mesures vise YouTube et LinkedIn. Le coût ?par "
            "franceinfoLes foyers paient.",
            "fr",
            [
                "Deux plaintes seront déposées",
                "Au moment de l'agression, elle filmait.",
                "Une taxe sur les produits halal",
                "L'une des mesures vise YouTube et LinkedIn.",
                "Le coût ?par franceinfo",
                "Les foyers paient.",
            ],
        ),
        (
            "Titre sans point\nPremier paragraphe. Second.\n\nDernier",
            "fr",
            ["Titre sans point", "Premier paragraphe.", "Second.", "Dernier"],
        ),
    ],
)
def test_sentences_are_cut_where_a_reader_would_cut_them(
    text: str, lang: str, expected: list[str]
) -> None:
    assert split_text(text, lang) == expected


def test_spans_are_exact_and_trimmed() -> None:
    text = "  Premier.   M. Durand arrive.\n« Oui. » Non. "
    for start, end in sentence_spans(text, "fr"):
        piece = text[start:end]
        assert piece == piece.strip()
        assert piece
    assert [text[s:e] for s, e in sentence_spans(text, "fr")] == [
        "Premier.",
        "M. Durand arrive.",
        "« Oui. »",
        "Non.",
    ]


def test_an_unclosed_guillemet_does_not_swallow_the_rest_of_the_article() -> None:
    sentence = "Une phrase ordinaire qui parle de choses et d'autres. "
    text = "Il dit « attention. " + sentence * 20
    assert len(sentence_spans(text, "fr")) > 10


def test_passage_sentences_are_in_article_offsets() -> None:
    article = "Préambule. M. Attal a annoncé que M. Macron recevra les syndicats jeudi."
    start = article.index("M. Attal")
    passage = Passage("c", "a", "t", article[start:], start, len(article), 1.0, lang="fr")
    [sentence] = split_sentences(passage)
    assert article[sentence.start : sentence.end] == sentence.text
    assert sentence.text.startswith("M. Attal")


def test_the_chunkers_separator_does_not_cut_after_a_title_or_an_initial() -> None:
    separator = re.compile(chunk_sentence_separator())
    pieces = separator.split("Selon M. Attal et J. F. Kennedy, Dr. Who arrive. Il part.")
    assert pieces == ["Selon M. Attal et J. F. Kennedy, Dr. Who arrive.", "Il part."]


def test_heading_lines_open_sections() -> None:
    text = (
        "Le direct du 3 mars\n"
        "Première phrase du premier point. Deuxième phrase.\n"
        "Séoul: Pyongyang envoie plus de soldats\n"
        "Une phrase qui finit bien.\n"
        "Une ligne finale coupée sans point"
    )
    live = Passage("c", "a", "Direct", text, 0, len(text), 1.0)
    starts = section_starts(live)
    assert [text[s : s + 10] for s in starts] == ["Le direct ", "Séoul: Pyo"]
    # a passage that starts inside its article: its first line may be a cut sentence
    inside = Passage("c", "a", "Direct", text, 500, 500 + len(text), 1.0)
    assert section_starts(inside) == [500 + text.index("Séoul")]
    # a sentence ending with punctuation, or a long line, is no heading
    prose = "Une phrase, courte.\n" + "Mot " * 40 + "\nSuite du texte."
    assert section_starts(Passage("c", "a", "T", prose, 0, len(prose), 1.0)) == []


def test_a_sentence_the_chunk_cuts_after_a_comma_is_not_a_candidate_to_quote() -> None:
    """The chunker cuts a long sentence after a comma when it must; the next chunk starts past
    the sentence's start, so neither holds it whole, and a quote of it would stop inside it."""
    text = (
        "Le Mozambique lève le confinement. "
        "Silvio Berlusconi a été hospitalisé jeudi, mais son état n'inspire pas de craintes "
        "pour le moment,"
    )
    cut = split_sentences(Passage("c", "a", "t", text, 1836, 1836 + len(text), 1.0, lang="fr"))
    assert [s.text for s in cut] == ["Le Mozambique lève le confinement."]
    whole = text[:-1] + " selon son entourage."
    kept = split_sentences(Passage("c", "a", "t", whole, 0, len(whole), 1.0, lang="fr"))
    assert kept[-1].text.endswith("selon son entourage.")

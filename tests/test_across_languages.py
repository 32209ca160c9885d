"""What matches across French, English and German before any embedding: country names and
words that look alike."""

from __future__ import annotations

from rag.text.analysis import analyze, skeleton, skeleton_keys
from rag.text.cognates import cognate_keys, cognate_share
from rag.text.countries import country_forms
from rag.text.nameruns import sentence_tokens
from rag.text.terms import TermWeights


def _flat_idf(_term: str) -> float:
    return 1.0


def test_a_country_is_named_in_the_other_languages() -> None:
    forms = country_forms("Wie viele Soldaten hat Deutschland geschickt?", "de")
    assert frozenset({"allemagn"}) in forms["deutschland"]
    assert frozenset({"germani"}) in forms["deutschland"]
    assert "soldat" not in forms


def test_a_name_of_several_words_needs_all_of_them() -> None:
    forms = country_forms("How many soldiers did North Korea send?", "en")
    french = frozenset(analyze("Corée du Nord", "fr"))
    assert french in forms["north"]
    assert french in forms["korea"]


def test_a_german_question_finds_its_country_in_a_french_sentence() -> None:
    weights = TermWeights("Wie viele Soldaten hat Deutschland geschickt?", "de", _flat_idf)
    allemagne = sentence_tokens("Pour l’Allemagne, le chancelier Olaf Scholz voyage.", "fr")
    coree = sentence_tokens("La Corée du Nord a envoyé 3 000 soldats.", "fr")
    weights.find_rare(allemagne | coree)
    assert weights.rare == {"deutschland"}  # Soldaten is a German noun, not a name
    assert weights.rare_coverage(allemagne) == 1.0
    assert weights.rare_coverage(coree) == 0.0


def test_a_country_name_in_the_questions_own_language_still_matches_itself() -> None:
    weights = TermWeights("Combien de soldats l'Allemagne a-t-elle envoyés ?", "fr", _flat_idf)
    tokens = sentence_tokens("L'Allemagne a envoyé 500 soldats.", "fr")
    weights.find_rare(tokens)
    assert weights.rare_coverage(tokens) == 1.0


def test_cognates_are_shared_word_starts_across_languages() -> None:
    keys = cognate_keys("How many extra soldiers did North Korea send?", "en")
    answering = "La Corée du Nord a envoyé au moins 3 000 soldats supplémentaires."
    other = "En cas d’une autre agression générale, les troupes peuvent réagir."
    assert cognate_share(keys, answering, "fr") >= 0.5
    assert cognate_share(keys, other, "fr") == 0.0
    assert cognate_share(frozenset(), answering, "fr") == 0.0


def test_a_german_noun_after_an_article_is_no_name_but_a_country_is() -> None:
    assert TermWeights("Wer ist der Chef von Facebook?", "de", _flat_idf).names == {"facebook"}
    names = TermWeights("Wie viele Einwohner hat die Schweiz?", "de", _flat_idf).names
    assert names == {"schweiz"}
    radi = TermWeights("Wie alt ist der marokkanische Journalist Omar Radi?", "de", _flat_idf)
    assert radi.names == {"omar", "radi"}
    agency = TermWeights("Welche Nachrichtenagentur zitierte den Generalstab?", "de", _flat_idf)
    assert agency.names == set()


def test_a_german_noun_after_a_number_or_with_a_noun_s_ending_is_no_name() -> None:
    # « mehr Löschungen von Inhalten » is no person « Löschungen von Inhalten »
    youtube = TermWeights(
        "Wann hatte YouTube angekündigt, dass mit mehr Löschungen zu rechnen sei?", "de", _flat_idf
    )
    assert youtube.names == {"youtub"}
    assert youtube.runs.people == []
    sons = TermWeights("Warum ließ der Vater drei Söhne allein in Rennes?", "de", _flat_idf)
    assert sons.names == {"renn"}
    # a figure is no determiner: a year and a preposition come before a place's name
    terraces = TermWeights("Wie viele Terrassen gab es 2019 in Paris?", "de", _flat_idf)
    assert terraces.names == {"paris"}
    for noun in ("Gesundheit", "Wissenschaft", "Tourismus", "Regierungen", "Kritik", "Ministerium"):
        assert not TermWeights(f"Was sagte Macron zur {noun}?", "de", _flat_idf).names - {"macron"}
    # a name with none of those endings stays one, a French first name in -ien too
    sebastien = TermWeights("Was sagte Sébastien Lecornu zur Kritik?", "de", _flat_idf)
    assert sebastien.names == {"sebasti", "lecornu"}
    assert TermWeights("Was sagte Olaf Scholz in Straßburg?", "de", _flat_idf).names == {
        "olaf",
        "scholz",
        "strassburg",
    }


def test_a_name_matches_a_capitalised_word_only() -> None:
    weights = TermWeights("Qui est la maire d'Aime ?", "fr", _flat_idf)
    town = sentence_tokens("Corinne Maironi-Gonthier, maire d'Aime, a réagi.", "fr")
    verb = sentence_tokens("Paris, tu l'aimes et tu la quittes.", "fr")
    weights.find_rare(town | verb)
    assert weights.rare == {"aim"}
    assert weights.rare_coverage(town) == 1.0
    assert weights.rare_coverage(verb) == 0.0


def test_us_in_an_english_question_is_no_name_for_us_weekly_to_match() -> None:
    question = "Which news outlet revealed that US authorities would ask travellers for it?"
    weights = TermWeights(question, "en", _flat_idf)
    assert "us" not in weights.terms
    assert weights.names == set()
    weekly = sentence_tokens("Dans une interview accordée à US Weekly, l'actrice a parlé.", "fr")
    assert weights.coverage(weekly) == 0.0


def test_an_english_questions_function_words_are_no_key_terms() -> None:
    weights = TermWeights("What would his mother do before the trial?", "en", _flat_idf)
    assert set(weights.terms) == {"mother", "trial"}


def test_a_german_genitive_name_finds_the_name_in_a_french_sentence() -> None:
    question = "Auf welchem Sender sprach Jean-Louis Borloos Sprecherin?"
    weights = TermWeights(question, "de", _flat_idf)
    borloo = sentence_tokens("Jean-Louis Borloo a critiqué le gouvernement.", "fr")
    other = sentence_tokens("Jean-Louis Debré a critiqué le gouvernement.", "fr")
    weights.find_rare(borloo | other)
    assert "borloos" in weights.rare
    assert weights.rare_coverage(borloo) > weights.rare_coverage(other)
    # "Trumps", "Sarkozys": the -s the stemmer leaves after a vowel or a p
    for name, french in (("Trumps", "Donald Trump"), ("Sarkozys", "Nicolas Sarkozy")):
        genitive = TermWeights(f"Was sagte {name} Anwalt?", "de", _flat_idf)
        genitive.find_rare(sentence_tokens(f"{french} a parlé.", "fr"))
        assert genitive.rare, name
    # only in German; never a double s (« Prozess »)
    assert skeleton_keys("Borloos", "fr") == (f"~{skeleton('Borloos')}",)
    assert skeleton_keys("Prozess", "de") == (f"~{skeleton('Prozess')}",)
    assert skeleton_keys("Borloos", "de") == (f"~{skeleton('Borloos')}", f"~{skeleton('Borloo')}")


def test_months_and_weekdays_that_date_the_question_are_no_names() -> None:
    primary = TermWeights(
        "How many viewers watched the first debate of the January 2017 primary?", "en", _flat_idf
    )
    assert primary.names == set()
    fire = TermWeights("Wie viele Hektar brannten in Montbazin Ende Juli 2019?", "de", _flat_idf)
    assert fire.names == {"montbazin"}
    assert fire.runs.people == []
    saturday = TermWeights("What happened on Saturday in Lyon?", "en", _flat_idf)
    assert saturday.names == {"lyon"}
    # a name that is also a month or a weekday stays a name
    assert "may" in TermWeights("What did Theresa May say?", "en", _flat_idf).names
    assert "friday" in TermWeights("How much was spent on Black Friday?", "en", _flat_idf).names
    assert "end" in TermWeights("Was schrieb Michael Ende?", "de", _flat_idf).names
    assert "may" not in TermWeights("What did she say in May 2019?", "en", _flat_idf).names

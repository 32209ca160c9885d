"""The question's key terms, weighted, and what a sentence must hold to answer it."""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.text.ages import gives_age
from rag.text.analysis import analyze, as_language, key_terms, skeleton, skeleton_keys, words
from rag.text.answerpick import COUNTED_REACH, answer_spans, numbers_in
from rag.text.answertype import MISSING_KIND_FACTOR, Kind, candidate_spans, gives_year
from rag.text.appositions import without_appositions
from rag.text.countries import country_codes, country_forms, counts_for_another_country
from rag.text.glossary import counted_in_languages, people_of_a_place
from rag.text.lexicon import fold
from rag.text.measures import (
    MISSING_COUNTED_FACTOR,
    MONEY,
    Numbers,
    all_listed,
    asks_capacity,
    counted_phrase,
    counted_word,
    counts_its_subject,
    names_counted,
    number_of,
    population_of,
    required_clock,
    required_unit,
    says_capacity,
    unit_symbols,
)
from rag.text.nameruns import NAME_MARK, QuestionRuns, sentence_tokens
from rag.text.personnames import person_fit
from rag.text.priced import model_designation, names_model, priced_thing
from rag.text.questionforms import asks_exact_date, asks_full_name, asks_year, expected_kind
from rag.text.questionnames import question_names, subject_names
from rag.text.ratios import asks_ratio, gives_ratio, times_word
from rag.text.roles import asked_roles
from rag.text.states import asked_states, says_state
from rag.text.timewords import without_time_words

_FOCUS_BOOST = 3.0
# A population counts its inhabitants.
_POPULATION = re.compile(r"\b(?:population|bevolkerung|einwohnerzahl)\b")
_INHABITANTS = {"fr": "habitants", "en": "inhabitants", "de": "einwohner"}


class TermWeights:
    """Weights question terms by inverse document frequency, smoothed so no term weighs zero.

    Relative time words (« aujourd'hui », "last week": `rag.text.timeparse` makes them a filter),
    question words and generic verbs are no key terms. For a follow-up made standalone, the
    terms the user actually typed (`focus`) are what is asked; the carried-over terms are
    context, so the typed ones weigh `_FOCUS_BOOST` times more. The rarest terms (`rare`) name
    the subject; `kind` is the kind of answer asked for."""

    def __init__(
        self, question: str, lang: str, idf: Callable[[str], float], focus: str = ""
    ) -> None:
        focused = {stem for stem, _ in key_terms(without_time_words(focus), lang)}
        found = key_terms(without_time_words(question), lang)
        raw = {stem: idf(stem) for stem, _ in found}
        self.terms = {
            t: (0.5 + raw[t]) * (_FOCUS_BOOST if t in focused else 1.0) for t in dict(found)
        }
        self.forms = {t: skeleton_keys(word, lang) for t, word in found if len(word) > 3}
        # a country's name in the other languages: "Deutschland" is found in « Allemagne »
        # (and marked as names are, `NAME_MARK`, worked out once: checked for every sentence)
        self.elsewhere = country_forms(question, as_language(lang))
        self._elsewhere_as_name = {
            term: [frozenset(NAME_MARK + t for t in name) for name in names]
            for term, names in self.elsewhere.items()
        }
        self.rare: set[str] = set()
        named, about = (f(question, as_language(lang)) for f in (question_names, subject_names))
        self.names = {t for t, word in found if word in named}
        # each name as folded, unstemmed word -> its term
        self.name_terms = {word: t for t, word in found if t in self.names}
        self.subject = {t for t, word in found if word in about}  # less where it happened
        self.runs = QuestionRuns(question, lang, self.names)
        # what is asked, without the appositions that tell which subject (the reader reads it);
        # the terms only those hold weigh less in a sentence's own coverage
        self.asked_question = without_appositions(question, lang)
        main = {stem for stem, _ in key_terms(self.asked_question, lang)}
        self.described = set(self.terms) - main
        self.lang = lang
        self.kind = expected_kind(focus or question)
        # « le lendemain » answers « quand ? », not « en quelle année ? »
        self.relative = not asks_exact_date(focus or question)
        self.year = self.kind is Kind.DATE and asks_year(focus or question)
        self.full_name = self.kind is Kind.PERSON and asks_full_name(focus or question)
        self.roles = asked_roles(focus or question) if self.kind is Kind.PERSON else frozenset()
        self.words = {w for _, w in found} | set(words(question))
        # each key word's weight, and the numbers the question gives (`rag.text.answerpick`)
        self.word_weights = {w: self.terms[t] for t, w in found}
        self.numbers = numbers_in(question)
        quantity = self.kind is Kind.QUANTITY
        self.countries = country_codes(question, as_language(lang)) if quantity else frozenset()
        # « 40 fois plus » answers « combien de fois plus ? »: times counted, or compared
        self.ratio = quantity and asks_ratio(focus or question)
        counted = (
            counted_word(focus or question) or times_word(as_language(lang), self.ratio)
            if quantity
            else None
        )
        asked = fold(focus or question)
        if quantity and not counted and _POPULATION.search(asked) and not required_unit(asked):
            # a population counts its inhabitants, or the things it is of
            counted = population_of(focus or question) or _INHABITANTS[as_language(lang)]
        # the thing counted as the question writes it, for the note (« élèves », not eleves)
        self.counted_as_written = next(
            (w for w in re.findall(r"[\w-]+", focus or question) if fold(w) == counted),
            counted or "",
        )
        # what happened to them, which the sentence must say (« tuées », not « blessées »)
        self.states, state = asked_states(focus or question, counted or "")
        self.counted_as_written += f" {state}" if state else ""
        # and its other words in the question's language (« ans » for « années », « fidèles »
        # for « téléspectateurs fidèles »)
        called = counted_in_languages(counted) if counted else {}
        french = as_language(lang) == "fr"
        if counted and french and people_of_a_place(counted, self.counted_as_written):
            called = counted_in_languages("habitants")  # « Romains » counted as inhabitants
        same = [*called.get(as_language(lang), "").split(), *counted_phrase(focus or question)]
        self.counted = key_terms(" ".join([counted, *same]), lang) if counted else []
        # the thing counted as each language names it (`rag.text.glossary`): checked in a
        # passage of another language only where its words there are known
        self.counted_in: dict[str, list[tuple[str, str]]] = {
            other: key_terms(words_there, other) for other, words_there in called.items()
        } | {as_language(lang): self.counted}
        self.counted_symbols = unit_symbols(counted) if counted else None
        self.asks_capacity = asks_capacity(asked)
        # "combien de personnes ont payé" counts people: only a counted unit asks for one
        measured = quantity and (not counted or self.counted_symbols is not None)
        self.unit = (required_unit(asked) if measured else None) or required_clock(asked)
        # what a price is asked of: the sum must be given in a sentence naming it
        self.priced = priced_thing(focus or question) if quantity and self.unit else ()
        self._model = model_designation(self.priced)
        self._priced_by_lang: dict[str, set[str]] = {}

    @property
    def asked(self) -> str:
        """What the question asks for, as a refusal names it: "amount" for a sum of money,
        else its kind (`Kind.value`)."""
        return "amount" if self.unit is MONEY else self.kind.value

    def kind_fit(
        self, text: str, lang: str | None = None, near: str = "", title: str = ""
    ) -> float:
        """How well a sentence (in `lang`, by default the question's) fits the kind of answer
        asked for: 1 with a span of that kind (for "combien de X", a number counting X: « 17
        élèves »; for a price, a speed, a length or a rate, a number and its unit), less
        without (`MISSING_KIND_FACTOR`, `MISSING_COUNTED_FACTOR`). Across languages the thing
        counted is looked for only where the glossary names it in the sentence's language. What
        a price is asked of may be named `near` it (in the sentence before: « Le coût de la
        mesure s'élève à 2,2 milliards d'euros » after the one naming the measure); what a
        pronoun counts, there or in the article's `title`."""
        if self.kind is Kind.OTHER:
            return 1.0
        if self.kind is Kind.PERSON:
            return person_fit(text, self.words, self.full_name, self.roles)
        if self.year:  # « en 814 » gives a year, « mercredi 22 février » does not
            return 1.0 if gives_year(text, self.words) else MISSING_KIND_FACTOR[self.kind]
        if not answer_spans(text, self.kind, self.words, relative=self.relative):
            return MISSING_KIND_FACTOR[self.kind]
        if self.unit is not None and not self.unit.search(text):  # a price without money...
            return MISSING_KIND_FACTOR[self.kind]
        if self.missing_thing(text, lang or self.lang, near, title):  # another's price or count
            return MISSING_COUNTED_FACTOR
        return 1.0

    def _lacks_priced(self, text: str, lang: str) -> bool:
        """Whether `text` does not name what the question asks the price of; a model's
        designation in its name must be there too (the Ferrari « 275 P » is not the « 250 GT »
        nor the « 275 GTS », and « 2 275 000 $ » holds no « 275 »)."""
        wanted = self._priced_forms(as_language(lang))
        if wanted and not wanted & sentence_tokens(text, lang):
            return True
        return not names_model(text, self._model)

    def _priced_forms(self, lang: str) -> set[str]:
        """The thing priced as a `lang` text's tokens would hold it (stems, skeletons), once
        per language. Across languages only names are looked for (a capitalised word of a
        French or English question: German capitalises every noun); with none, nothing."""
        if lang not in self._priced_by_lang:
            same = lang == as_language(self.lang)
            names = [w for w in self.priced if w[:1].isupper() and as_language(self.lang) != "de"]
            forms: set[str] = set()
            for word in self.priced if same else names:
                folded = fold(word)
                forms |= {*analyze(folded, lang), *analyze(folded, self.lang)}
                forms.add(f"~{skeleton(folded)}")
            self._priced_by_lang[lang] = forms
        return self._priced_by_lang[lang]

    def missing_thing(
        self, text: str, lang: str, near: str = "", title: str = ""
    ) -> tuple[str, str] | None:
        """What a sentence (in `lang`) with a sum or a number does not give: ("price",
        "villa") when it prices something else, ("count", "morts") when it counts something
        else (across languages only where the glossary names the thing) or another country's
        (`counts_for_another_country`), else None."""
        if self.priced and self._lacks_priced(f"{near} {text}", lang):
            return "price", " ".join(self.priced)
        thing = self.counted_as_written or " ".join(self.priced)  # what the note names
        if (
            (thing or self.unit is MONEY)  # a sum asked of one country, none priced
            and not self.ratio
            and counts_for_another_country(self.countries, text, near, title, lang)
        ):
            return ("count" if self.counted_as_written else "price"), thing
        if not (self.states or (self.unit is None and self.counted)):
            return None
        counted, numbers = self.counts_in(lang), self._numbers(text)
        if self.unit is None and counted and not self._counts(text, numbers, lang, near, title):
            return "count", self.counted_as_written
        if self.states and numbers and not says_state(text, self.states):
            return "count", self.counted_as_written  # « 17 blessés » for « personnes tuées »
        if self.unit is None and self.counted and not counted and all_listed(text, numbers, lang):
            return "count", self.counted_as_written  # "Obdachlose" asked, « 18 cas » given
        return None

    def counts_in(self, lang: str) -> list[tuple[str, str]]:
        """The thing counted, as (stem, word) in `lang`; empty when it is not known there."""
        return self.counted_in.get(as_language(lang), [])

    def _numbers(self, text: str) -> Numbers:
        """The numbers of `text` that may count something (`Numbers`)."""
        numbers = []
        for start, end in candidate_spans(text, Kind.QUANTITY):
            if gives_age(text, start, end):
                continue  # « âgé de 68 ans » counts no years of anything
            if not self.asks_capacity and says_capacity(text, start, end):
                continue  # « pouvant transporter 45 passagers »: how many it holds, not held
            reach = COUNTED_REACH.match(text, end)
            numbers.append((start, end, reach.end() if reach else end))
        return numbers

    def _counts(
        self, text: str, numbers: Numbers, lang: str, near: str = "", title: str = ""
    ) -> bool:
        """Whether a number in `text` counts what the question counts: « 17 élèves », « 3
        personnes sont mortes » for "combien de morts", not « le 17 décembre, des élèves »; or
        counts a pronoun standing for it, named before (`near`: the sentence before): « Elles
        sont environ 15.000 à Paris » after « la prolifération de la trottinette »; or in the
        article's `title`, which names whom its « ils » speaks of (« ... les policiers
        l'accusent ... », then, three sentences on, « Ils étaient environ 200 »)."""
        counted = self.counts_in(lang)
        for start, end, stop in numbers:
            if self.ratio and gives_ratio(text, start, end):
                return True
            if self.counted_symbols and self.counted_symbols.search(text, start, stop):
                return True  # « 730 000 km » for "combien de kilomètres"
            said = text[start:stop]  # « 17 élèves »; « 4 morts » for « personnes tuées »
            if names_counted(said, counted, lang) or says_state(said, self.states):
                return True
            if names_counted(number_of(text, start), counted, lang):
                return True  # « le nombre de vœux possibles - jusqu'à 24 »
            before = f"{title} {near} {text[:start]}"
            if counts_its_subject(text, start) and names_counted(before, counted, lang):
                return True
        return False

    def find_rare(self, available: set[str]) -> None:
        """Mark as rare (required of a sentence's context) the question's names (capitalised
        words after its first) found in `available`, the retrieved passages' tokens: a name no
        passage holds cannot be asked of a sentence."""
        # names (places, people, things) say what the question is about; without one, no
        # term is required (measured: requiring the rarest terms refused more answerable
        # PIAF questions than it helped to refuse unanswerable ones)
        self.rare = {t for t in self.names if self._has(t, available, as_name=True)}

    def _has(self, term: str, tokens: set[str], as_name: bool = False, whole: bool = False) -> bool:
        """Whether `tokens` hold `term`; `as_name`: capitalised, as a name is written (the
        town « Aime » is not the verb « aimes », the rooster « Maurice » the island); `whole`:
        in a name that may be the question's (`rag.text.nameruns`)."""
        mark = NAME_MARK if as_name else ""
        if mark + term in tokens or any(mark + f in tokens for f in self.forms.get(term, ())):
            return not whole or self.runs.held(term, tokens)  # no Health in Bayer Health Care
        names = (self._elsewhere_as_name if as_name else self.elsewhere).get(term, ())
        return any(name <= tokens for name in names)

    def coverage(self, tokens: set[str], described: float = 1.0) -> float:
        """Share of the question's weight whose terms appear in `tokens`, the terms only its
        appositions hold (`described`) weighing `described` times theirs."""
        terms = {t: w * (described if t in self.described else 1.0) for t, w in self.terms.items()}
        total = sum(terms.values())
        return sum(w for t, w in terms.items() if self._has(t, tokens)) / total if total else 0.0

    def rare_coverage(self, tokens: set[str], subject: bool = False) -> float:
        """Share of the rare terms' weight found in `tokens` (1 when there are none); `subject`:
        of those that name what the question is about only (`subject`)."""
        rare = self.rare & self.subject if subject else self.rare
        weight = sum(self.terms[t] for t in rare)
        if not weight:
            return 1.0
        found = sum(self.terms[t] for t in rare if self._has(t, tokens, as_name=True, whole=True))
        return found / weight

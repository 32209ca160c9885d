"""Whether the retrieved sentences speak of the question's subject and give the kind of answer
it asks for: which sentence answers beside the best one, and why quoted sentences do not answer
(`rag.answering.extractive` chooses and quotes them)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from rag.answering.scoring import ScoredSentence, across_languages
from rag.answering.unheld import calendar_stems
from rag.text.analysis import analyze, as_language
from rag.text.answertype import MISSING_KIND_FACTOR, Kind, holds_kind
from rag.text.measures import MISSING_COUNTED_FACTOR
from rag.text.messages import kind_missing_note, missing_thing_note
from rag.text.roles import mentions_role, role_named
from rag.text.sentences import Sentence
from rag.text.terms import TermWeights

# The reader's probability from which a sentence answers though the passages do not name the
# question's subject nearby: more likely than not (docs/answers.md).
READ_AS_ANSWERING = 0.5
# Across languages, where the reader reads worse (a sentence of another story 0.006, one that
# answers 0.007 to 0.9): the most refusals at no false refusal on the calibration sets.
READ_ACROSS_AS_ANSWERING = 0.05
# Share of the best sentence's relevance a sentence needs to answer beside it (it lacks the kind).
_ANSWERING_SHARE = 0.5
# Share of the weight of the question's names held by the passages that a sentence's passage
# must hold to be on the question's subject (`ScoredSentence.anchored`).
_MOSTLY_NAMED = 0.5
# Kinds whose every answer is a number or a date, which the spans find: a person, a place or an
# organisation may be answered by words no pattern knows for one (« À qui les bancs étaient-ils
# destinés ? » by « aux familles »), and no pattern finds every reason.
_COUNTED_KINDS = (Kind.QUANTITY, Kind.DATE, Kind.DURATION, Kind.AGE)
# Points of the compass, as the analysers stem them: "South Korean" names no one.
_COMPASS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western"}
    | {"nord", "sud", "sued", "ost", "est", "ouest"}
)


def read_as_answering(s: ScoredSentence) -> bool:
    """Whether the reader read the sentence as more likely than not to answer."""
    return (s.reading or 0.0) >= READ_AS_ANSWERING


def on_subject(s: ScoredSentence, best: ScoredSentence, named: bool) -> bool:
    """Whether a candidate speaks of the best sentence's subject: it is of the same article, or,
    when the question names its subject, its passage holds most of the names' weight (anchored
    >= 0.5) and every name of what the question is about (`TermWeights.subject`: not where it
    happened): on a large archive the article that gives an age is not always the one that
    names its subject best, but a count of Lego pieces that does not name Sacha is not his.
    Either way not from a section that does not name it (`in_named_section`)."""
    same = s.sentence.passage.article_id == best.sentence.passage.article_id
    other = named and s.anchored >= _MOSTLY_NAMED and s.subject_held
    return in_named_section(s, named) and (same or other)


def naming_first(ranked: list[ScoredSentence], named: bool) -> list[ScoredSentence]:
    """When the question names its subject, the best sentence is the most relevant one that
    names it nearby (itself, the sentence before it or its title): one whose passage names the
    subject only further away may answer beside it, never alone (« ... des villes de plus de
    9000 habitants » in an article naming Lyon elsewhere does not say how many live in Lyon).
    The others keep their order. Unless the reader reads the most relevant sentence as more
    likely than not to answer and it is in the article of the one naming the subject: there
    it answers (« la mairie de Montriond a pris un arrêté suspendant la chasse » two sentences
    after the one naming the victim)."""
    if not named or not ranked or ranked[0].named_near > 0:
        return ranked
    lead = next((s for s in ranked if s.named_near > 0), None)
    if lead is None:
        return ranked
    top = ranked[0]
    same_article = top.sentence.passage.article_id == lead.sentence.passage.article_id
    if same_article and read_as_answering(top):
        return [replace(top, named_near=lead.named_near), *ranked[1:]]
    return [lead, *(s for s in ranked if s is not lead)]


def named_elsewhere(
    best: ScoredSentence, weights: TermWeights, lang: str, known: Callable[[str], bool] | None
) -> bool:
    """Whether the question names things (`TermWeights.names`) that no retrieved passage holds
    (or, across languages, that the best sentence's passage mostly misses) while the reader
    does not read the best sentence as likely to answer: the archive mentions
    them (else `rag.answering.unheld` refuses), not where the answer was looked for, so the
    passages are about something else, however close. Asked without their article, « Comment
    s'appelle le fondateur de la marque Le Slip français ? » quoted another brand's founder.
    In the question's language the reader must read it as more likely than not to answer, also
    when the passages hold some of the names but miss one the archive holds (`known`: whether
    the keyword index holds a term). Across languages names may be translated (London,
    Londres), and the reader, which reads worse there, must give it `READ_ACROSS_AS_ANSWERING`
    in two cases. First, the passages hold none of the names and the archive holds one as the
    question writes it. Second, the best sentence's passage holds less than half the weight of
    the names the passages hold (`_MOSTLY_NAMED`): asked without its article, "How much
    horsepower will the AMG V8 engine of the Aston Martin DBX SUV produce?" was answered from
    a passage holding a quarter of it. Third, the reader must read it as more likely than not
    to answer when the question names someone in several words of which no passage holds a
    word (`several_words_unheld`). The caller applies it only with a reader; an unread
    sentence reads 0 in the question's language, and is not judged across languages."""
    if not weights.names:
        return False
    if not across_languages(best, lang):
        if weights.rare and not _missing_known_name(weights, lang, known):
            return False
        return not read_as_answering(best)
    if best.reading is None:
        return False
    if several_words_unheld(weights) and not read_as_answering(best):
        return True
    if weights.rare:
        return best.anchored < _MOSTLY_NAMED and best.reading < READ_ACROSS_AS_ANSWERING
    if known is None:
        return False
    there = best.sentence.passage.lang or lang
    held = any(_archive_holds(word, there, known) for word in weights.name_terms)
    return held and best.reading < READ_ACROSS_AS_ANSWERING


def several_words_unheld(weights: TermWeights) -> bool:
    """Whether the question names someone in two words or more ("Palmer Luckey", "Stanislas
    Guerini"; `QuestionRuns.people`: not "the Interior Ministry", which another language
    translates) of which no retrieved passage holds a word (`rare`), dates ("Mitte Juli"),
    countries ("South Africa") and points of the compass aside. Across languages a person's
    name is written alike: asked without its article, "How old is Palmer Luckey, the Oculus
    co-founder ...?" quoted another man's age from passages that never name him."""
    aside = calendar_stems(as_language(weights.lang)) | set(weights.elsewhere) | _COMPASS
    for run in weights.runs.people:
        named = [word for word in run if not word & aside]
        if len(named) >= 2 and not any(word & weights.rare for word in run):
            return True
    return False


def _missing_known_name(
    weights: TermWeights, lang: str, known: Callable[[str], bool] | None
) -> bool:
    """Whether one of the question's names is in no retrieved passage though the archive holds
    it: passages on one of the names that never speak of another the archive does."""
    if known is None:
        return False
    missing = (word for word, term in weights.name_terms.items() if term not in weights.rare)
    return any(_archive_holds(word, lang, known) for word in missing)


def _archive_holds(word: str, lang: str, known: Callable[[str], bool]) -> bool:
    """Whether the archive holds every term of `word` analysed in `lang`: the name as written."""
    return all(map(known, analyze(word, lang)))


def in_named_section(s: ScoredSentence, named: bool) -> bool:
    """Whether the sentence's section names the question's subject, when the question names
    one: a live blog's item on North Korean losses does not speak of Kharkiv, whatever the item
    before it says."""
    return not named or s.section_named > 0


def kind_in_article(ranked: Sequence[ScoredSentence], weights: TermWeights, named: bool) -> bool:
    """Whether the retrieved articles on the question's subject can answer its kind: the best
    sentence or another on the subject holds a span of that kind ("Quel âge a X ?" on articles
    that give no age do not say it, and the answer is a refusal). For "combien de X" that span
    is a number of X: a number of something else elsewhere in the article does not answer
    (« Combien d'adhérents compte le parti ? » on an article that gives only its founding
    date; « 17 blessés » for "combien de morts" is quoted in a refusal that says so). Reasons
    and questions of no particular kind are not checked (no pattern finds every reason). A
    name asked for a role the articles speak of without naming anyone in it is not given
    (`role_left_unnamed`), unless the reader reads the best sentence, which names someone, as
    more likely than not to answer: « Daniel Knoll a appelé ... à participer à la marche
    blanche » names the son of « Comment s'appelle le fils de Mireille Knoll qui a appelé ...
    ? » without the word « fils »."""
    best, kind = ranked[0], weights.kind
    read_as_naming = best.kind_fit >= 1 and read_as_answering(best)
    if not read_as_naming and role_left_unnamed(ranked, weights, named):
        return False
    if best.kind_fit >= 1 or kind in (Kind.REASON, Kind.OTHER):
        return True
    if best.kind_fit > MISSING_KIND_FACTOR[kind]:
        return True  # a number or sum of something else: the answer says so
    return any(holds_kind(s.kind_fit, kind) and on_subject(s, best, named) for s in ranked)


def role_left_unnamed(ranked: Sequence[ScoredSentence], weights: TermWeights, named: bool) -> bool:
    """Whether the question asks the name of someone in a role (« Comment s'appelle le
    porte-parole d'EDF ? ») that the sentences on its subject speak of (« Selon le porte-parole
    d'EDF, le réacteur ... ») without one of them giving a name with that role: such questions
    are written from an article that does not give the name, and the names it does give are
    other people's."""
    if weights.kind is not Kind.PERSON or not weights.full_name or not weights.roles:
        return False
    texts = [s.sentence.text for s in ranked if on_subject(s, ranked[0], named)]
    if not any(mentions_role(text, weights.roles) for text in texts):
        return False
    return not any(role_named(text, weights.roles) for text in texts)


def answering_beside(ranked: Sequence[ScoredSentence], named: bool) -> ScoredSentence | None:
    """When the best sentence is about the subject but lacks the kind of answer asked for
    ("Quel âge a X ?" answered by a sentence naming X without an age), the most relevant
    sentence on the same subject that has one ("la jeune femme de 21 ans"), if it reaches
    `_ANSWERING_SHARE` of the best's relevance: it is quoted beside the best. One of the best
    sentence's own article comes first: another article naming the subject may be about
    something else (« Le chercheur âgé de 68 ans » before another story's « 87 ans »)."""
    best = ranked[0]
    if best.kind_fit >= 1:
        return None
    floor, own = _ANSWERING_SHARE * best.plain_relevance, best.sentence.passage.article_id
    holding = [s for s in ranked[1:] if s.kind_fit >= 1 and s.plain_relevance >= floor]
    holding.sort(key=lambda s: s.sentence.passage.article_id != own)  # stable: by relevance
    return next((s for s in holding if on_subject(s, best, named)), None)


def missing_note(
    ranked: Sequence[ScoredSentence],
    chosen: list[tuple[Sentence, float]],
    weights: TermWeights,
    lang: str,
) -> str | None:
    """Why quoted sentences do not answer: they count or price something else ("Combien de
    morts ?" and « 17 blessés »), or none of them gives the kind of answer asked for (« À
    partir de quand une trêve en mer Noire doit-elle entrer en vigueur ? » and sentences on
    the truce without a date); None when they answer."""
    best = ranked[0]
    fit = {(s.sentence.passage.article_id, s.sentence.start): s.kind_fit for s in ranked}
    fits = [fit.get((c.passage.article_id, c.start), 0.0) for c, _ in chosen]
    near = best.previous.text if best.previous else ""
    there = best.sentence.passage
    missing = weights.missing_thing(best.sentence.text, there.lang or lang, near, there.title)
    if missing and best.kind_fit == MISSING_COUNTED_FACTOR and max(fits) < 1:
        return missing_thing_note(lang, *missing)
    if weights.kind in _COUNTED_KINDS and not any(holds_kind(f, weights.kind) for f in fits):
        return kind_missing_note(lang, weights.asked)
    return None

"""The role a sentence gives a name, and whether it is the role a question asks the name of.

« Comment s'appelle la nièce de Dennis Adams ? » is not answered by « Shirl Stephens, une
bénévole de Washington »: the name is given, but as someone else's. A name set beside a role
noun (« le maire de la ville, Jacob Frey », « Roman Golovtchenko, le Premier ministre ») is that
role's; a name with no role beside it may be anyone's, the one asked for included. Roles are
grouped across French, English and German (folded words, singular and plural); a role outside
these groups is no one's, so it never rules a name out.
"""

from __future__ import annotations

import re
from functools import cache

from rag.text.answertype import Kind, candidate_spans
from rag.text.lexicon import fold

# One row per role: its French, English and German words (folded; feminine forms listed). A
# word may stand in two rows ("director": a company's or a film's).
_ROLE_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("maire mairesse", "mayor", "burgermeister burgermeisterin oberburgermeister"),
    ("procureur procureure", "prosecutor", "staatsanwalt staatsanwaltin"),
    ("avocat avocate", "lawyer attorney barrister", "anwalt anwaltin verteidiger verteidigerin"),
    ("juge", "judge", "richter richterin"),
    ("porte-parole", "spokesperson spokesman spokeswoman", "sprecher sprecherin"),
    ("ministre", "minister", "minister ministerin"),
    ("president presidente", "president chairman chairwoman", "prasident prasidentin"),
    (
        "directeur directrice pdg patron patronne",
        "director ceo boss",
        "direktor direktorin leiter leiterin geschaftsfuhrer",
    ),
    ("conseiller conseillere", "adviser advisor", "berater beraterin"),
    ("secretaire", "secretary", "sekretar sekretarin"),
    ("depute deputee", "mp lawmaker congressman congresswoman", "abgeordnete abgeordneter"),
    ("senateur senatrice", "senator", "senator senatorin"),
    ("entraineur entraineuse selectionneur", "coach", "trainer trainerin"),
    ("joueur joueuse", "player", "spieler spielerin"),
    ("policier policiere gendarme", "policeman policewoman", "polizist polizistin"),
    ("medecin", "doctor physician", "arzt arztin"),
    ("infirmier infirmiere", "nurse", "krankenpfleger krankenschwester"),
    ("benevole", "volunteer", "freiwillige freiwilliger ehrenamtliche"),
    ("chanteur chanteuse", "singer", "sanger sangerin"),
    ("acteur actrice comedien comedienne", "actor actress", "schauspieler schauspielerin"),
    ("journaliste reporter", "journalist reporter", "journalist journalistin reporter"),
    ("photographe", "photographer", "fotograf fotografin"),
    ("prefet prefete", "prefect", "prafekt prafektin"),
    ("gouverneur gouverneure", "governor", "gouverneur gouverneurin"),
    ("ambassadeur ambassadrice", "ambassador", "botschafter botschafterin"),
    ("fondateur fondatrice cofondateur cofondatrice", "founder co-founder", "grunder grunderin"),
    ("realisateur realisatrice cineaste", "director filmmaker", "regisseur regisseurin"),
    ("ecrivain ecrivaine romancier romanciere", "writer novelist", "schriftsteller autor autorin"),
    ("architecte", "architect", "architekt architektin"),
    ("proprietaire", "owner", "besitzer besitzerin eigentumer eigentumerin"),
    ("enseignant enseignante professeur professeure", "teacher", "lehrer lehrerin"),
    ("mari epoux", "husband", "ehemann"),
    ("epouse", "wife", "ehefrau"),
    ("pere", "father", "vater"),
    ("mere", "mother", "mutter"),
    ("fils", "son", "sohn"),
    ("frere", "brother", "bruder"),
    ("sœur soeur", "sister", "schwester"),
    ("niece", "niece", "nichte"),
    ("neveu", "nephew", "neffe"),
    ("oncle", "uncle", "onkel"),
    ("tante", "aunt", "tante"),
    (
        "suspect assaillant agresseur meurtrier meurtriere tueur tueuse tireur",
        "suspect attacker assailant killer gunman shooter murderer",
        "verdachtige verdachtiger tater taterin angreifer morder morderin schutze",
    ),
)


@cache
def _groups_by_word() -> dict[str, frozenset[int]]:
    """Each role word (and its plural) with the rows it stands in."""
    found: dict[str, set[int]] = {}
    for row, languages in enumerate(_ROLE_GROUPS):
        for word in " ".join(languages).split():
            for form in (word, word + "s", word + "x", word + "n", word + "nen"):
                found.setdefault(form, set()).add(row)
    return {word: frozenset(rows) for word, rows in found.items()}


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# German joins a role to what it is of (« Innenminister », „Regierungssprecher“).
_COMPOUND_ENDS = ("minister", "sprecher", "richter", "anwalt", "prasident", "trainer")
_TOKEN = re.compile(r"[\w’'-]+|,")
# Words that may stand between a role and its name (« le maire de la ville, Jacob Frey »).
_JOINING = _word_set(
    "de du des d' la le l' les of the von vom der die das des für fur am im et and und"
)
_COMPLEMENT = _word_set("de du des d' of von vom")
_DETERMINERS = _word_set("un une le la l' les a an the der die das ein eine")
_AT_MOST_BEFORE = 7  # tokens between a role and the name it gives (commas included)


def role_groups(word: str) -> frozenset[int]:
    """The role rows a word stands in (none for a word that names no role)."""
    folded = fold(word).replace("’", "'")
    rows = _groups_by_word().get(folded)
    if rows is not None:
        return rows
    end = next((e for e in _COMPOUND_ENDS if folded.endswith(e) and len(folded) > len(e)), None)
    return _groups_by_word()[end] if end else frozenset()


def asked_roles(question: str) -> frozenset[int]:
    """The roles a question names (« la nièce de Dennis Adams » names the niece): a name
    given beside another role does not answer it."""
    rows: set[int] = set()
    for token in _TOKEN.findall(question):
        rows |= role_groups(token)
    return frozenset(rows)


def _tokens(text: str) -> list[str]:
    return [fold(t).replace("’", "'") for t in _TOKEN.findall(text)]


def _elided(token: str) -> str:
    """« d'Emmanuel » read as « d' »: the elided word is what joins."""
    return token[:2] if len(token) > 2 and token[1] == "'" else token


def role_before(text: str, start: int) -> frozenset[int]:
    """The role given just before the name at `start` (« le Premier ministre bélarusse Roman
    Golovtchenko », « le porte-parole du gouvernement, Gabriel Attal »); none when the name is
    what the role is of (« la nièce de Dennis Adams ») or a verb stands between."""
    before = [_elided(t) for t in _tokens(text[max(0, start - 120) : start])]
    if not before or before[-1] in _COMPLEMENT:
        return frozenset()
    free = 0  # words that neither join nor name: an adjective at most
    for token in reversed(before[-_AT_MOST_BEFORE:]):
        rows = role_groups(token)
        if rows:
            return rows
        if token in _JOINING or token == ",":
            continue
        free += 1
        if free > 1:
            break
    return frozenset()


def role_after(text: str, end: int) -> frozenset[int]:
    """The role given just after the name ending at `end`, set off by a comma (« Shirl
    Stephens, une bénévole », « Jacob Frey, maire de Minneapolis »)."""
    after = _tokens(text[end : end + 60])
    if len(after) < 2 or after[0] != ",":
        return frozenset()
    rest = after[1:]
    if rest[0] in _DETERMINERS:
        rest = rest[1:]
    for token in rest[:2]:
        rows = role_groups(token)
        if rows:
            return rows
    return frozenset()


def given_as_another(text: str, start: int, end: int, asked: frozenset[int]) -> bool:
    """Whether the name at `[start, end)` is given as someone with another role than the ones
    the question asks about (no role asked, or none given: never)."""
    if not asked:
        return False
    given = role_before(text, start) | role_after(text, end)
    return bool(given) and not given & asked


def role_named(text: str, asked: frozenset[int]) -> bool:
    """Whether `text` gives someone's name with one of the `asked` roles (« son avocat, Me
    Rémi Cassette, »)."""
    return any(
        (role_before(text, start) | role_after(text, end)) & asked
        for start, end in candidate_spans(text, Kind.PERSON)
    )


def mentions_role(text: str, asked: frozenset[int]) -> bool:
    """Whether `text` speaks of one of the `asked` roles (« Selon le porte-parole d'EDF »)."""
    return any(role_groups(token) & asked for token in _TOKEN.findall(text))

"""Builds bench/support_pairs.jsonl: supported and altered claims made from real passage sentences.

Each source sentence of an article (OrangeSum's French news, and the seed article) gives a
passage (the sentence with its neighbours, about a chunk's length) and up to six claims about
it, by systematic edits:

- supported: `untouched` (the sentence as written), `paraphrase` (light rewording: a few
  synonyms, an attribution moved, a trailing clause dropped, digits regrouped) and `joined`
  (the sentence and the next one made one, as an answer sums up two sentences);
- altered: `negation` (ne...pas added, or removed), `entity` (a name replaced by another name
  from the same passage when it has one, else from another article), `number` (a number
  replaced by another of the passage when it has one, else changed), `clause` (a clause from
  another article appended).

Each pair records its article's half: `tune` or `test`, by a hash of the article id, so that
the check is tuned on one half and measured on the other. Run: python -m bench.support_pairs
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from pathlib import Path
from typing import Any

from rag.text.analysis import stopwords
from rag.text.lexicon import fold

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "news_fr_orangesum_20k.jsonl"
SEEDS = ROOT / "seeds"
OUT = Path(__file__).resolve().parent / "support_pairs.jsonl"
ARTICLES = 90  # OrangeSum articles drawn (with the seed article), two sentences each
SEED = 17

_SPLIT = re.compile(r"(?<=[.!?…])[»”\"')]?\s+(?=[«“\"A-ZÀ-ÖØ-Þ0-9])")
_NAME = re.compile(r"(?<![\w’'-])(?:[A-ZÀ-ÖØ-Þ][\w-]+)(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w-]+))*")
_NUMBER = re.compile(r"(?<![\w,.])\d{1,3}(?:[ \u00a0]\d{3})+(?![\d\w])|(?<![\w,.])\d+(?![\d\w])")
_AUX = (
    "a|ont|est|sont|était|étaient|avait|avaient|sera|seront|va|vont|peut|peuvent|doit|doivent"
    "|devrait|devraient|pourrait|pourraient|fait|font|reste|restent"
)
_VERB = re.compile(rf"(?<![’'\w])(?P<pre>(?:se |s['’]|l['’]|y |en |lui |leur )?)(?P<v>{_AUX})\b")
_NEGATED = re.compile(r"\b(?:ne |n['’])(?P<mid>(?:\S+ ){0,2}?\S+?) (?:pas|jamais|plus)\b")
_SYNONYMS = [
    ("a déclaré", "a affirmé"),
    ("a annoncé", "a fait savoir"),
    ("a indiqué", "a précisé"),
    ("a expliqué", "a indiqué"),
    ("selon", "d'après"),
    ("Selon", "D'après"),
    ("environ", "près de"),
    ("également", "aussi"),
    ("toutefois", "cependant"),
    ("désormais", "dorénavant"),
    ("mais", "cependant"),
    ("très", "fort"),
    ("a été", "fut"),
    ("plusieurs", "de nombreux"),
    ("beaucoup de", "de nombreux"),
]
_SUBJECT = re.compile(r"(?:Le|La|Les|L['’]|Un|Une|Des|Ce|Cette|Ces) ?\w")
_STOP = stopwords("fr") | {"selon", "apres", "avant", "depuis", "lors", "pour", "mais"}
SUPPORTED = ("untouched", "paraphrase", "joined")
_CONNECTORS = ["alors que", "tandis que", "et", "après que"]


def main() -> None:
    """Draw the articles, build the pairs, write them to OUT and print counts per edit."""
    rng = random.Random(SEED)
    articles = _articles(rng)
    names = [(a["id"], n) for a in articles for s in a["sentences"] for n in _names(s)]
    clauses = [(a["id"], c) for a in articles for s in a["sentences"] if (c := _clause(s))]
    pairs: list[dict[str, Any]] = []
    for article in articles:
        sentences = article["sentences"]
        picks = [i for i, s in enumerate(sentences) if 60 <= len(s) <= 260]
        for i in rng.sample(picks, min(2, len(picks))):
            far_names = [n for a, n in names if a != article["id"]]
            far_clauses = [c for a, c in clauses if a != article["id"]]
            pairs += _pairs_for(article, i, rng, far_names, far_clauses)
    with OUT.open("w", encoding="utf-8") as out:
        for pair in pairs:
            out.write(json.dumps(pair, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for pair in pairs:
        counts[pair["edit"]] = counts.get(pair["edit"], 0) + 1
    print(f"{len(pairs)} pairs -> {OUT.relative_to(ROOT)}: {counts}")


def half(article_id: str) -> str:
    """`tune` or `test`, by a stable hash of the article id."""
    return "tune" if hashlib.sha1(article_id.encode()).digest()[0] % 2 == 0 else "test"


def _articles(rng: random.Random) -> list[dict[str, Any]]:
    seed_text = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    title, body = seed_text.split("\n", 1)
    chosen: list[dict[str, Any]] = [{"id": "seed", "title": title, "date": None, "text": body}]
    with CORPUS.open(encoding="utf-8") as lines:
        records = [json.loads(line) for _, line in zip(range(4000), lines, strict=False)]
    rng.shuffle(records)
    chosen += [r for r in records if 800 <= len(r["text"]) <= 4000][:ARTICLES]
    for article in chosen:
        article["sentences"] = [s.strip() for s in _SPLIT.split(article["text"]) if s.strip()]
    return chosen


def _pairs_for(
    article: dict[str, Any],
    i: int,
    rng: random.Random,
    names: list[str],
    clauses: list[str],
) -> list[dict[str, Any]]:
    sentences: list[str] = article["sentences"]
    lo, hi = i, i + 1
    while hi - lo < 5 and sum(len(s) for s in sentences[lo:hi]) < 700:
        lo, hi = max(0, lo - 1), min(len(sentences), hi + 1)
    passage = " ".join(sentences[lo:hi])
    others = " ".join(sentences[lo:i] + sentences[i + 1 : hi])
    sentence = sentences[i]
    edits = {
        "untouched": (sentence, ""),
        "joined": _join(sentences, i),
        "paraphrase": _paraphrase(sentence, rng),
        "negation": _negate(sentence),
        "entity": _swap_entity(sentence, others, names, rng),
        "number": _change_number(sentence, others, rng),
        "clause": _add_clause(sentence, clauses, rng),
    }
    base = {
        "article_id": article["id"],
        "half": half(article["id"]),
        "title": article["title"],
        "date": article.get("date"),
        "passage": passage,
        "original": sentence,
    }
    return [
        {
            **base,
            "edit": edit,
            "supported": edit in SUPPORTED,
            "claim": c,
            "how": h,
        }
        for edit, made in edits.items()
        if made and (c := made[0]) and (edit == "untouched" or c != sentence)
        for h in [made[1]]
    ]


def _names(sentence: str) -> list[str]:
    """Capitalised names that do not open the sentence (nor start with a function word)."""
    return [
        m.group(0)
        for m in _NAME.finditer(sentence)
        if m.start() > 0 and len(m.group(0)) > 2 and fold(m.group(0).split()[0]) not in _STOP
    ]


def _clause(sentence: str) -> str | None:
    """`le président a annoncé sa venue`: a subject, its verb and a few words after it."""
    if not _SUBJECT.match(sentence):
        return None
    verb = _VERB.search(sentence, 0, 80)
    if not verb or "," in sentence[: verb.start()]:
        return None
    tail = sentence[verb.end() :].split(",")[0].rstrip(".!?…»” ").split()[:5]
    if len(tail) < 2:
        return None
    clause = sentence[: verb.end()] + " " + " ".join(tail)
    return clause[0].lower() + clause[1:]


def _paraphrase(sentence: str, rng: random.Random) -> tuple[str, str] | None:
    text, how = sentence, list[str]()
    for old, new in rng.sample(_SYNONYMS, len(_SYNONYMS)):
        if re.search(rf"\b{re.escape(old)}\b", text) and len(how) < 2:
            text = re.sub(rf"\b{re.escape(old)}\b", new, text, count=1)
            how.append(f"{old} -> {new}")
    lead = re.match(r"(Selon|D'après) ([^,]{3,40}), (.)", text)
    if lead:  # the attribution moves to the end
        rest = text[lead.end() - 1 :].rstrip(".")
        text = f"{rest[0].upper()}{rest[1:]}, {lead.group(1).lower()} {lead.group(2)}."
        how.append("attribution moved")
    parts = text.rstrip(".").rsplit(", ", 1)
    if not how and len(parts) == 2 and len(parts[0]) >= 0.6 * len(text):
        text, how = parts[0] + ".", ["trailing clause dropped"]
    grouped = re.sub(r"(\d) (\d{3})\b", r"\1\2", text)
    if grouped != text:
        text = grouped
        how.append("digits regrouped")
    return (text, "; ".join(how)) if how else None


def _join(sentences: list[str], i: int) -> tuple[str, str] | None:
    """The sentence and the next one as one (an honest summary that spans two sentences)."""
    if i + 1 >= len(sentences) or len(sentences[i + 1]) > 200:
        return None
    second = sentences[i + 1]
    if not second[:1].isupper() or second.split()[0].isupper():
        return None
    body = sentences[i].rstrip().rstrip(".!?…")
    return f"{body}, et {second[0].lower()}{second[1:]}", "joined with the next sentence"


def _negate(sentence: str) -> tuple[str, str] | None:
    negated = _NEGATED.search(sentence)
    if negated:  # remove the negation
        start, end = negated.span()
        mid = negated.group("mid")
        if negated.group(0).startswith("n"):
            mid = re.sub(r"^(?=[aeiouyhéèêà])", "", mid)
        return sentence[:start] + mid + sentence[end:], "negation removed"
    for match in _VERB.finditer(sentence):
        if match.start() == 0:
            continue
        pre, verb = match.group("pre"), match.group("v")
        head = pre or verb
        ne = "n'" if head[0] in "aeiouyéèêà" else "ne "
        done = f"{ne}{pre}{verb} pas"
        return sentence[: match.start()] + done + sentence[match.end() :], "ne...pas added"
    return None


def _swap_entity(
    sentence: str, others: str, names: list[str], rng: random.Random
) -> tuple[str, str] | None:
    mine = _names(sentence)
    if not mine:
        return None
    old = rng.choice(mine)
    near = [n for n in _names(others) if n not in sentence and n.lower() != old.lower()]
    if near:
        return sentence.replace(old, rng.choice(near), 1), f"{old} -> name from the passage"
    far = [n for n in names if n not in sentence and n.lower() != old.lower()]
    return sentence.replace(old, rng.choice(far), 1), f"{old} -> name from another article"


def _change_number(sentence: str, others: str, rng: random.Random) -> tuple[str, str] | None:
    found = list(_NUMBER.finditer(sentence))
    if not found:
        return None
    match = rng.choice(found)
    old = match.group(0)
    value = int(re.sub(r"\D", "", old))
    near = [n for n in _NUMBER.findall(others) if re.sub(r"\D", "", n) != str(value)]
    if near:
        new, how = rng.choice(near), "number from the passage"
    else:
        if 1900 <= value <= 2030:
            new = str(value + rng.choice([-3, -2, -1, 1, 2]))
        else:
            new = str(rng.choice([value * 2, value + 1 + rng.randrange(9), max(0, value - 1)]))
        how = "number changed"
    if new == old:
        new = str(value + 1)
    return sentence[: match.start()] + new + sentence[match.end() :], f"{old} -> {new}: {how}"


def _add_clause(sentence: str, clauses: list[str], rng: random.Random) -> tuple[str, str] | None:
    clause = rng.choice([c for c in clauses if c.lower()[:20] not in sentence.lower()])
    connector = rng.choice(_CONNECTORS)
    body = sentence.rstrip().rstrip(".!?…")
    return f"{body}, {connector} {clause}.", f"{connector} + another article's clause"


if __name__ == "__main__":
    main()

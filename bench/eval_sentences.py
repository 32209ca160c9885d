"""Sentence splitting measured on OrangeSum: the splitter against the one it replaced and pysbd.

    .venv/bin/python -m bench.eval_sentences            # 2,000 articles (the answer slice)
    .venv/bin/python -m bench.eval_sentences --sample 500

Counts, per splitter: sentences, split points that fall after an abbreviation or an initial
("M. Macron", "J. F. Kennedy", "av. J.-C. ...", "z. B."), scraped joins left unsplit
("AFP.Aucune"), and how many of the old splitter's sentences changed. pysbd is optional
(`pip install pysbd==0.3.4`); it is skipped when missing. Writes bench/results/sentences.md
(sentences-N.md for another sample).
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from bench.datasets import load_orangesum
from bench.reports import command_line, write_report
from rag.text.segmenter import sentence_spans

Splitter = Callable[[str], list[tuple[int, int]]]

# The splitter newsrag used before (rag/text/sentences.py at fc336cb).
_OLD_BOUNDARY = re.compile(r"(?<=[.!?…])[»”\"')\]]?\s+(?=[«“\"'(\[A-ZÀ-ÖØ-Þ0-9])|\n+")
# A split right after one of these is a split inside a sentence.
_NEVER_LAST = re.compile(
    r"(?:^|[\s(«“'’-])(?:[A-Z]|M|MM|Mme|Mmes|Mlle|Mlles|Mgr|Dr|Pr|Prof|St|Ste|Mr|Mrs|Ms|av|apr"
    r"|z\. ?B|u\. ?a|n°|[A-Z]\.-[A-Z])\.$"
)
_GLUED = re.compile(r"(?<![/@.])\b[A-Za-zà-ÿ]{2,}[.!?][A-ZÀ-Ö][a-zà-ÿ]{2}")


def old_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans as the previous regular expression cut them."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for match in [*_OLD_BOUNDARY.finditer(text), None]:
        end = match.start() if match else len(text)
        if match and match.group(0)[0] in "»”\"')]":
            end += 1
        _trimmed(spans, text, cursor, end)
        cursor = match.end() if match else len(text)
    return spans


def _trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        spans.append((start + lead, start + lead + len(piece.strip())))


def _is_letter_name(text: str, end: int) -> bool:
    """A capital letter after a common word ("en zone C.", "le jour J.") names a thing and
    may end a sentence; after a name or an initial it is an initial ("J. F. Kennedy")."""
    if not re.fullmatch(r"[A-Z]", text[end - 2 : end - 1]) or text[end - 3 : end - 2] != " ":
        return False
    before = text[max(0, end - 40) : end - 2].split()
    return bool(before) and before[-1].isalpha() and before[-1].islower() and len(before[-1]) > 1


def pysbd_splitter() -> Splitter | None:
    """pysbd's French segmenter with character spans, or None when it is not installed."""
    try:
        import pysbd  # type: ignore[import-untyped]
    except ImportError:
        return None
    segmenter = pysbd.Segmenter(language="fr", clean=False, char_span=True)

    def spans(text: str) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for span in segmenter.segment(text):
            _trimmed(out, text, span.start, span.end)
        return out

    return spans


def measure(texts: list[str], split: Splitter, old: list[list[tuple[int, int]]]) -> dict[str, Any]:
    """Counts for one splitter over the texts (old: the previous splitter's spans)."""
    started = time.perf_counter()
    all_spans = [split(text) for text in texts]
    seconds = time.perf_counter() - started
    after_abbreviation: Counter[str] = Counter()
    examples: list[str] = []
    glued = changed = sentences = 0
    for text, spans, before in zip(texts, all_spans, old, strict=True):
        sentences += len(spans)
        changed += len(set(before) - set(spans))
        for start, end in spans[:-1]:
            last = text[max(start, end - 12) : end]
            hit = _NEVER_LAST.search(last)
            if hit and _is_letter_name(text, end):
                hit = None
            if hit:
                after_abbreviation[hit.group(0).strip(" («“'’-")] += 1
                if len(examples) < 8:
                    examples.append(text[max(start, end - 60) : end + 40].replace("\n", " "))
        glued += sum(len(_GLUED.findall(text[s:e])) for s, e in spans)
    splits = sentences - len(texts)
    return {
        "sentences": sentences,
        "splits_after_abbreviation": sum(after_abbreviation.values()),
        "share_after_abbreviation": sum(after_abbreviation.values()) / max(1, splits),
        "by_abbreviation": dict(after_abbreviation.most_common(10)),
        "examples": examples,
        "glued_joins_left": glued,
        "old_sentences_changed": changed,
        "ms_per_article": 1000 * seconds / max(1, len(texts)),
    }


def run(sample: int) -> dict[str, Any]:
    """Split the sampled articles with each splitter and compare."""
    texts = [a.text for a in load_orangesum(sample=sample).articles]
    old = [old_spans(text) for text in texts]
    splitters: dict[str, Splitter] = {
        "previous regex (fc336cb)": old_spans,
        "rag.text.segmenter (new)": lambda text: sentence_spans(text, "fr"),
    }
    pysbd = pysbd_splitter()
    if pysbd is not None:
        splitters["pysbd 0.3.4 (fr)"] = pysbd
    results = {name: measure(texts, split, old) for name, split in splitters.items()}
    new = [sentence_spans(text, "fr") for text in texts]
    disagreements: list[str] = []
    if pysbd is not None:
        for text, mine in zip(texts, new, strict=True):
            for start, end in set(pysbd(text)) - set(mine):
                if len(disagreements) < 12:
                    disagreements.append(text[start:end][:160])
    return {
        "slice": f"orangesum-{sample}",
        "command": command_line("bench.eval_sentences"),
        "articles": len(texts),
        "old_sentences": sum(len(spans) for spans in old),
        "splitters": results,
        "pysbd_sentences_not_ours": disagreements,
    }


def render(result: dict[str, Any]) -> str:
    """The Markdown report."""
    lines = [
        f"# Sentence splitting on {result['articles']:,} OrangeSum articles",
        "",
        f"`{result['command']}`",
        "",
        'A capital letter after a common word ("en zone C.", "le jour J.") is not counted '
        "as an initial.",
        "",
        "| splitter | sentences | splits after an abbreviation/initial (share) "
        "| glued joins left | previous sentences changed | ms/article |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in result["splitters"].items():
        lines.append(
            f"| {name} | {r['sentences']:,} | {r['splits_after_abbreviation']:,} "
            f"({r['share_after_abbreviation']:.4f}) | {r['glued_joins_left']:,} "
            f"| {r['old_sentences_changed']:,} of {result['old_sentences']:,} "
            f"| {r['ms_per_article']:.2f} |"
        )
    for name, r in result["splitters"].items():
        if r["examples"]:
            lines += ["", f"Splits after an abbreviation, {name}: {r['by_abbreviation']}", ""]
            lines += [f"- `{example}`" for example in r["examples"]]
    if result["pysbd_sentences_not_ours"]:
        lines += ["", "pysbd sentences that rag.text.segmenter cuts otherwise (first 12):", ""]
        lines += [f"- `{s}`" for s in result["pysbd_sentences_not_ours"]]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Command line: --sample N articles (2,000 by default)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=2000)
    args = parser.parse_args()
    result = run(args.sample)
    report = render(result)
    print(report)
    write_report("sentences" if args.sample == 2000 else f"sentences-{args.sample}", report, result)


if __name__ == "__main__":
    main()

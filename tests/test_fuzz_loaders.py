"""Fuzzing the loaders: thousands of hostile inputs of every format (random bytes, lone
surrogates, huge and deep JSON, broken CSV quoting, binary garbage, odd encodings and file
names), from a fixed seed and within a time budget. No exception may escape, and every input
must come out indexed (articles whose strings are valid Unicode) or reported (a LoadError)."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from pathlib import Path

from ingest.chunking import ArticleChunker
from ingest.hashing import content_hash
from ingest.loaders import SUPPORTED_SUFFIXES, LoadedArticle, LoadError, load_file
from tests.helpers.paths import FIXTURES

SEED = 17
BUDGET_SECONDS = 20.0
MAX_CASES = 4000
MIN_CASES = 500  # even on a busy machine (~2,000 in 20 s on a shared 2-core one)
MAX_FILE_BYTES = 1_000_000

WORDS = ["Paris", "été", "l’OTAN", "«", "»", "—", "Ça", "naïve", "😀", "\u2028", "\x0b", "\r"]
SURROGATES = ["\\ud83d", "\\udfff", "\\ud800\\ud800", "\\ude00"]
ENCODINGS = ["utf-8", "cp1252", "latin-1", "utf-16", "utf-16-be", "utf-7", "mac_roman", "cp1250"]
FIELDS = ["id", "title", "text", "date", "source", "url", "lang", "author", "extra"]
FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>{t}</title><item><title>{t}'
    "</title><link>{u}</link><description>{d}</description><pubDate>{p}</pubDate></item>"
    "</channel></rss>"
)
PAGE = "<html lang='{l}'><head><title>{t}</title></head><body><article><p>{d}</p></article>"


def words(rng: random.Random, n: int) -> str:
    """`n` words of French, symbols, odd separators and escaped lone surrogates."""
    pool = WORDS + SURROGATES + ["a", "le", "de", ",", ";", '"', "\n", "\t", "{", "[", "&#xD83D;"]
    return " ".join(rng.choice(pool) for _ in range(n))


def random_bytes(rng: random.Random) -> bytes:
    return rng.randbytes(rng.randint(0, 400))


def encoded_text(rng: random.Random) -> bytes:
    text = f"{words(rng, 3)}\n{words(rng, rng.randint(1, 60))}"
    return text.encode(rng.choice(ENCODINGS), "replace")


def json_value(rng: random.Random, depth: int = 0) -> object:
    kind = rng.randint(0, 7 if depth < 3 else 3)
    if kind == 0:
        return words(rng, rng.randint(0, 8)).replace("\\", "")
    if kind == 1:
        return rng.choice([None, True, 3, -1.5, 10**30, "", " "])
    if kind == 2:
        return rng.choice(SURROGATES)  # raw text: becomes an escape when written below
    if kind == 3:
        return "x" * (200_000 if rng.random() < 0.05 else rng.choice([1, 1000]))
    if kind in (4, 5):
        fields = rng.sample(FIELDS, rng.randint(0, len(FIELDS)))
        return {f: json_value(rng, depth + 1) for f in fields}
    return [json_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]


def dumped(value: object) -> str:
    """JSON text in which the surrogate escapes of `json_value` stay escapes."""
    return json.dumps(value, ensure_ascii=False).replace("\\\\u", "\\u")


def json_records(rng: random.Random) -> bytes:
    value = json_value(rng)
    if rng.random() < 0.1:
        deep = rng.choice([50, 5_000, 200_000])
        return ("[" * deep + "]" * rng.choice([0, deep])).encode()
    return dumped(value).encode()


def jsonl_records(rng: random.Random) -> bytes:
    lines = []
    for _ in range(rng.randint(1, 6)):
        record = {f: json_value(rng, 2) for f in rng.sample(FIELDS, rng.randint(1, 5))}
        if rng.random() < 0.7:
            record["text"] = words(rng, rng.randint(1, 20))
        line = dumped(record)
        if rng.random() < 0.2:
            line = line[: rng.randint(0, len(line))]
        lines.append(line)
    return "\n".join(lines).encode(rng.choice(["utf-8", "utf-8", "cp1252", "utf-16"]), "replace")


def csv_rows(rng: random.Random) -> bytes:
    delimiter = rng.choice(",;\t")
    columns = rng.sample(FIELDS[:8], rng.randint(1, 5))
    if rng.random() < 0.8 and "text" not in columns:
        columns.append("text")
    rows = [delimiter.join(columns)]
    for _ in range(rng.randint(0, 8)):
        cells = []
        for _ in range(len(columns) + rng.choice([-1, 0, 0, 0, 1])):
            cell = words(rng, rng.randint(0, 6))
            if rng.random() < 0.3:
                cell = '"' + cell.replace('"', '""') + rng.choice(['"', '"', ""])
            if rng.random() < 0.02:
                cell = "y" * 140_000
            cells.append(cell)
        rows.append(delimiter.join(cells))
    return "\n".join(rows).encode(rng.choice(["utf-8", "cp1252"]), "replace")


def markup(rng: random.Random) -> bytes:
    template = rng.choice([FEED, PAGE])
    filled = template.format(
        t=words(rng, 3),
        u=rng.choice(["https://x.example/a", "", "javascript:alert(1)", "/relative"]),
        d=words(rng, rng.randint(0, 40)),
        p=rng.choice(["Wed, 06 Mar 2024 08:15:00 +0100", "hier", ""]),
        l=rng.choice(["fr", "en-GB", "", "zz-ZZZZZZZZZ"]),
    )
    data = filled.encode(rng.choice(["utf-8", "cp1252", "utf-16"]), "replace")
    return data[: rng.randint(len(data) // 2, len(data))] if rng.random() < 0.3 else data


def mutated_fixture(rng: random.Random) -> bytes:
    fixture = rng.choice(sorted(FIXTURES.iterdir()))
    data = bytearray(fixture.read_bytes()[:20_000])
    for _ in range(rng.randint(1, 10)):
        at = rng.randint(0, max(0, len(data) - 1))
        choice = rng.random()
        if choice < 0.4 and data:
            data[at] = rng.randint(0, 255)
        elif choice < 0.7:
            data[at:at] = rng.choice([b"\xff", b"\x00", b"\\ud83d", b"&#xD83D;", b'"', b"<"])
        else:
            del data[at : at + rng.randint(1, 50)]
    return bytes(data)


GENERATORS: list[Callable[[random.Random], bytes]] = [
    random_bytes,
    encoded_text,
    json_records,
    jsonl_records,
    csv_rows,
    markup,
    mutated_fixture,
]
SUFFIX_FOR = {
    json_records: [".json"],
    jsonl_records: [".jsonl"],
    csv_rows: [".csv"],
    markup: [".html", ".rss", ".xml", ".atom"],
}


def file_name(rng: random.Random, number: int, suffix: str) -> bytes:
    """A file name, sometimes holding bytes that are not UTF-8."""
    odd = rng.choice([b"", b"", b"", b"\xff\xfe", b"\xe9t\xe9", b"\xed\xa0\xbd", " é".encode()])
    return f"case{number}".encode() + odd + suffix.encode()


def test_no_hostile_input_escapes_the_loaders_unreported(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    chunker = ArticleChunker(200, 50)
    deadline = time.monotonic() + BUDGET_SECONDS
    indexed = reported = cases = 0
    while cases < MAX_CASES and time.monotonic() < deadline:
        generate = rng.choice(GENERATORS)
        suffix = rng.choice(SUFFIX_FOR.get(generate, sorted(SUPPORTED_SUFFIXES)))
        folder = tmp_path / f"batch{cases // 500}"
        folder.mkdir(exist_ok=True)
        raw_path = bytes(folder) + b"/" + file_name(rng, cases, suffix)
        with open(raw_path, "wb") as handle:
            handle.write(generate(rng))
        path = Path(raw_path.decode("utf-8", "surrogateescape"))

        items = list(load_file(path, folder, max_file_bytes=MAX_FILE_BYTES))

        assert items, f"case {cases} ({path.name!r}) gave neither articles nor errors"
        for item in items:
            if isinstance(item, LoadedArticle):
                article = item.article
                assert article.text.strip()
                for value in (*vars(article).values(), item.file, item.origin):
                    if isinstance(value, str):
                        value.encode("utf-8")  # valid Unicode, or this raises
                content_hash(article)
                assert all(len(c.text) <= 400 for c in chunker.split(article))
                indexed += 1
            else:
                assert isinstance(item, LoadError)
                item.path.encode("utf-8")
                item.error.encode("utf-8")
                reported += 1
        path.unlink()
        cases += 1

    assert cases >= MIN_CASES, f"only {cases} cases in {BUDGET_SECONDS} s"
    assert indexed > cases // 20  # the generators do make loadable inputs
    assert reported > cases // 4

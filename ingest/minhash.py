"""MinHash signatures of articles over word 3-shingles, and their SQLite form."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from datasketch import LeanMinHash, MinHash

from rag.types import Article

NUM_PERM = 128
SHINGLE_WORDS = 3
_SEED = 1
_SCHEME = "affine32"  # datasketch's default since 2.0: 32-bit hash values, stored as such
_WORD = re.compile(r"\w+")


def shingles(title: str, text: str) -> set[str]:
    """Overlapping word 3-grams of the case- and accent-folded title and text.

    A text shorter than three words is one shingle, so two identical short dispatches still
    match; a text without any word has no shingle.
    """
    folded = unicodedata.normalize("NFKD", f"{title}\n{text}".casefold())
    words = _WORD.findall("".join(c for c in folded if not unicodedata.combining(c)))
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(article: Article) -> LeanMinHash | None:
    """The article's MinHash signature, or None when it has no word to compare."""
    grams = shingles(article.title, article.text)
    if not grams:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME)
    minhash.update_batch([g.encode("utf-8") for g in grams])
    return LeanMinHash(minhash)


def to_blob(sig: LeanMinHash) -> bytes:
    """A signature as bytes for SQLite (its 32-bit hash values)."""
    return np.asarray(sig.hashvalues, dtype=np.uint32).tobytes()


def from_blob(blob: bytes) -> LeanMinHash:
    """The signature `to_blob` stored."""
    values = np.frombuffer(blob, dtype=np.uint32)
    return LeanMinHash(seed=_SEED, hashvalues=values, scheme=_SCHEME)

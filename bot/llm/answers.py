"""Helpers over model answers: find the JSON in them, explain validation errors,
and join a continuation to the text it continues without repeating it.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from bot.llm.base import DeltaCallback

_FENCE_RE = re.compile(r"^```[A-Za-z]*\s*\n?(.*?)\n?\s*```$", re.DOTALL)
# A continuation often repeats the end of the cut answer; look this far back for it.
_OVERLAP_WINDOW = 80
_MIN_OVERLAP = 5


def extract_json(text: str) -> str:
    """The JSON object in a model answer: strips ``` fences and chatter around the braces."""
    stripped = text.strip()
    fenced = _FENCE_RE.match(stripped)
    if fenced:
        stripped = fenced.group(1).strip()
    if stripped.startswith(("{", "[")):
        return stripped
    start, end = stripped.find("{"), stripped.rfind("}")
    if start != -1 and end > start:
        return stripped[start : end + 1]
    return stripped


def validation_problems(exc: ValidationError) -> list[str]:
    """Short lines naming where and why validation failed (shown to the model)."""
    lines = []
    for error in exc.errors(include_url=False, include_input=False)[:10]:
        where = ".".join(str(part) for part in error["loc"]) or "（整体）"
        lines.append(f"{where}: {error['msg']}")
    return lines


def strip_overlap(previous: str, continuation: str) -> str:
    """Drop the start of `continuation` when it repeats the end of `previous`."""
    tail = previous[-_OVERLAP_WINDOW:]
    longest = min(len(tail), len(continuation))
    for size in range(longest, _MIN_OVERLAP - 1, -1):
        if tail.endswith(continuation[:size]):
            return continuation[size:]
    return continuation


class OverlapFilter:
    """Streams a continuation, holding back its start until a repeat can be stripped."""

    def __init__(self, previous: str, sink: DeltaCallback) -> None:
        self._previous = previous
        self._sink = sink
        self._buffer = ""
        self._open = False

    async def __call__(self, piece: str) -> None:
        if self._open:
            await self._sink(piece)
            return
        self._buffer += piece
        if len(self._buffer) >= _OVERLAP_WINDOW:
            await self.flush()

    async def flush(self) -> None:
        if self._open:
            return
        self._open = True
        rest = strip_overlap(self._previous, self._buffer)
        if rest:
            await self._sink(rest)

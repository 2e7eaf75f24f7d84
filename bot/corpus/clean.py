"""Cleaning of sample and uploaded texts: markers, stray spaces, blank lines."""

from __future__ import annotations

import re

from bot.report.parse import clean_text

_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0\u3000]+|[ \t\u00a0\u3000]+(?=[{_CJK}])")
# A figure written as a placeholder: X次, XX名, **名, ××万元, X余名 — the number is missing.
FIGURE_PLACEHOLDER = re.compile(
    r"(?:X{1,3}|\*{2,}|×{2,}|＊{2,})(?=[余多]?[万亿]?[个次名人件项期份元户周场篇条%])"
)


def normalise_whitespace(text: str) -> str:
    """One paragraph per line, no indentation, no spaces next to Chinese, one blank
    line at most (kept only where the source had one after the first line)."""
    lines = [_SPACE_BETWEEN_CJK.sub("", line).strip() for line in clean_text(text).split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    # blank lines only survive directly after the first (title) line
    kept = [line for i, line in enumerate(out) if line or i == 1]
    return "\n".join(kept) + "\n"


def has_figure_placeholder(text: str) -> bool:
    return FIGURE_PLACEHOLDER.search(text) is not None

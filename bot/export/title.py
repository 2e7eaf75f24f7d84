"""Break a long title by hand at a word boundary (GB/T 9704 7.3.1: 梯形 or 菱形).

156 mm holds about 20 characters at 2号 (22 pt). A longer title is cut into the fewest
lines that fit, at jieba word boundaries, preferring natural places (after 党支部/书记,
before 抓…/述职报告/工作总结), balanced lines and a shorter first line (梯形).
"""

from __future__ import annotations

import logging
import math
from itertools import combinations

import jieba

# A cut right after one of these words reads naturally.
_GOOD_AFTER = ("党支部", "党总支", "党委", "党组", "支部", "书记", "机关", "年度", "关于")
# ... and so does a cut right before one of these.
_GOOD_BEFORE = ("抓", "述职报告", "工作总结", "工作报告", "工作述职", "情况报告", "述职")
_NO_LINE_START = "，。、；：？！）》」』”’…—·"
_NO_LINE_END = "（《「『“‘"
MAX_LINES = 4


def _boundaries(title: str) -> list[int]:
    jieba.setLogLevel(logging.WARNING)
    cuts: list[int] = []
    pos = 0
    for word in jieba.cut(title):
        pos += len(word)
        if 0 < pos < len(title):
            cuts.append(pos)
    return [c for c in cuts if title[c] not in _NO_LINE_START and title[c - 1] not in _NO_LINE_END]


_KEEP_TOGETHER = ("书记", "委员", "副书记")  # "党支部书记" is one title


def _bonus(title: str, cut: int) -> int:
    if any(title[cut:].startswith(w) for w in _GOOD_BEFORE):
        return 4
    if any(title[:cut].endswith(w) for w in _GOOD_AFTER) and not title[cut:].startswith(
        _KEEP_TOGETHER
    ):
        return 3
    return 0


def _cost(title: str, cuts: tuple[int, ...], max_chars: int) -> float | None:
    edges = (0, *cuts, len(title))
    lengths = [edges[i + 1] - edges[i] for i in range(len(edges) - 1)]
    if max(lengths) > max_chars:
        return None
    cost: float = max(lengths) - min(lengths)
    if len(lengths) == 2 and lengths[0] > lengths[1]:
        cost += 2  # prefer 梯形: the upper line no longer than the lower
    if len(lengths) >= 3 and lengths[len(lengths) // 2] < max(lengths[0], lengths[-1]):
        cost += 2  # prefer 菱形: the middle line longest
    return cost - sum(_bonus(title, c) for c in cuts)


def break_title(title: str, max_chars: int = 20) -> list[str]:
    """The title as display lines; one line when it fits."""
    title = title.strip()
    if len(title) <= max_chars:
        return [title]
    lines_needed = math.ceil(len(title) / max_chars)
    boundaries = _boundaries(title)
    for n_lines in range(lines_needed, MAX_LINES + 1):
        best: tuple[float, tuple[int, ...]] | None = None
        for cuts in combinations(boundaries, n_lines - 1):
            cost = _cost(title, cuts, max_chars)
            if cost is not None and (best is None or cost < best[0]):
                best = (cost, cuts)
        if best is not None:
            edges = (0, *best[1], len(title))
            return [title[edges[i] : edges[i + 1]] for i in range(len(edges) - 1)]
    # No word boundary fits (a very long unbroken string): cut at the width.
    return [title[i : i + max_chars] for i in range(0, len(title), max_chars)]

"""重复: spans copied from sample reports or reference files, sentences said twice."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from bot.report import count_chars
from bot.review.context import Reference, ReviewContext
from bot.review.models import Finding

MIN_COPY = 20  # consecutive characters shared with a reference
MIN_REPEAT = 10  # 字 in a sentence that counts as repeated
_MASK = "\0"


class CopyIndex:
    """Every MIN_COPY-character window of some reference texts, for instant lookup.

    Fixed formulations (protected terms) are masked first, so that two reports that both
    say "深入学习贯彻习近平新时代中国特色社会主义思想" are not called copies.
    """

    def __init__(
        self, references: Iterable[Reference], protected: Sequence[str], n: int = MIN_COPY
    ) -> None:
        self.n = n
        self._protected = (
            re.compile("|".join(re.escape(t) for t in sorted(protected, key=len, reverse=True)))
            if protected
            else None
        )
        self._windows: dict[str, str] = {}
        self._seeds: set[str] = set()  # n/2-character windows, to find candidates fast
        for ref in references:
            self.add(ref)

    def mask(self, text: str) -> str:
        if self._protected is None:
            return text
        return self._protected.sub(lambda m: _MASK * len(m.group()), text)

    def add(self, ref: Reference) -> None:
        masked = self.mask(ref.text)
        for i in range(len(masked) - self.n + 1):
            w = masked[i : i + self.n]
            if _MASK in w or "\n" in w:
                continue
            self._windows.setdefault(w, ref.name)
            self._seeds.add(w[: self.n // 2])

    def __bool__(self) -> bool:
        return bool(self._windows)

    def spans(self, masked: str) -> Iterator[tuple[int, int, str]]:
        """Maximal [start, end) ranges of `masked` covered by shared windows."""
        n, windows = self.n, self._windows
        half = n // 2
        # Any shared run of n characters contains an n/2-window starting at a multiple of
        # n/2, so only the neighbourhoods of those seed hits need the full check.
        starts: set[int] = set()
        last = len(masked) - n
        for p in range(0, len(masked) - half + 1, half):
            if masked[p : p + half] in self._seeds:
                starts.update(range(max(0, p - half), min(p, last) + 1))
        cur_start, cur_end, cur_src = -1, -1, ""
        for i in sorted(starts):
            src = windows.get(masked[i : i + n])
            if src is None:
                continue
            if i <= cur_end:
                cur_end = i + n
            else:
                if cur_start >= 0:
                    yield cur_start, cur_end, cur_src
                cur_start, cur_end, cur_src = i, i + n, src
        if cur_start >= 0:
            yield cur_start, cur_end, cur_src


def copied_spans(ctx: ReviewContext, indexes: Sequence[CopyIndex]) -> Iterator[Finding]:
    for index in indexes:
        if not index:
            continue
        masked = index.mask(ctx.text)
        for start, end, source in index.spans(masked):
            yield Finding(
                category="重复",
                rule="重复.copied",
                start=start,
                end=end,
                text=ctx.text[start:end],
                message=f"这{end - start}个字与“{source}”完全相同，疑似照抄，请结合本单位实际改写。",
                suggestion="用自己的工作和数字重写这一句",
                severity="warning",
            )


def repeated_sentences(ctx: ReviewContext) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for start, sentence in ctx.iter_sentences():
        key = re.sub(r"[\s\u3000]+", "", sentence).rstrip("。！？；")
        if len(key) < MIN_REPEAT or (
            count_chars(key[: 2 * MIN_REPEAT]) < MIN_REPEAT and count_chars(key) < MIN_REPEAT
        ):
            continue
        if key in seen:
            lead = len(sentence) - len(sentence.lstrip(" \t\u3000"))
            text = sentence.strip(" \t\u3000")
            line, _ = ctx.line_col(seen[key])
            yield Finding(
                category="重复",
                rule="重复.sentence",
                start=start + lead,
                end=start + lead + len(text),
                text=text,
                message=f"这句话与第{line}行的句子重复。",
                suggestion="删去重复的句子，或换成新的内容",
                severity="warning",
            )
        else:
            seen[key] = start

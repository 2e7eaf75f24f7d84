"""Rule-based tightening toward a 字数 target: filler phrases first, then sentences
without facts from the longest paragraphs. Headings, numbering, figures and
placeholders are never removed."""

from __future__ import annotations

import re

from bot.report import count_chars

FILLERS: tuple[str, ...] = (
    "进一步",
    "切实",
    "不断",
    "认真",
    "积极",
    "扎实",
    "有效",
    "大力",
    "始终",
    "充分",
    "全力",
    "着力",
    "持续",
    "深入",
    "坚决",
    "努力",
    "高度",
    "全方位",
    "全过程",
    "各项",
)
_SENTENCE = re.compile(r"[^。！？；]*[。！？；]|[^。！？；]+$")
_KEEP = re.compile(r"\d|【待补充|^[一二三四五六七八九十]+[是、]|^（[一二三四五六七八九十]+）")
_HEADING_LINE = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


def _drop_fillers(line: str) -> str:
    if _HEADING_LINE.match(line):
        head, sep, rest = line.partition("。")
        if not sep:
            return line
        return head + sep + _drop_fillers(rest)
    for word in FILLERS:
        line = line.replace(word, "")
    return line


def tighten_text(text: str, target_chars: int) -> str:
    lines = text.rstrip("\n").split("\n")
    if count_chars(text) <= target_chars:
        return text
    lines = [_drop_fillers(line) if i > 0 else line for i, line in enumerate(lines)]
    while count_chars("".join(lines)) > target_chars:
        best: tuple[int, int, int] | None = None  # (paragraph chars, line, sentence)
        for i, line in enumerate(lines):
            sentences = _SENTENCE.findall(line)
            if len(sentences) < 2:
                continue
            for j, sentence in enumerate(sentences):
                if j == 0 or _KEEP.search(sentence.strip()):
                    continue
                size = count_chars(line)
                if best is None or size > best[0]:
                    best = (size, i, j)
        if best is None:
            break
        _, i, j = best
        sentences = _SENTENCE.findall(lines[i])
        del sentences[j]
        lines[i] = "".join(sentences)
    return "\n".join(lines) + "\n"

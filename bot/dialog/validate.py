"""Checks on free-text answers; each returns a Chinese message when the input is unusable."""

from __future__ import annotations

import re
import unicodedata

MAX_ANSWER_CHARS = 3000

SKIP_WORDS = frozenset({"跳过", "没有", "无", "暂无", "略", "不清楚", "没有了", "skip"})

_NUMBER_ONLY = re.compile(r"^[\s\d.,，。%％万亿千百十个次名人项条余多]*$")
_DIGITS = re.compile(r"\d")


def is_skip(text: str) -> bool:
    return text.strip().strip("。！!.，,") in SKIP_WORDS


def has_words(text: str) -> bool:
    """True when the text has at least one letter or CJK character (not only emoji/punctuation)."""
    return any(unicodedata.category(ch).startswith("L") for ch in text)


def is_number_only(text: str) -> bool:
    return bool(_DIGITS.search(text)) and bool(_NUMBER_ONLY.match(text))


def answer_problem(text: str, limit: int = MAX_ANSWER_CHARS) -> str | None:
    """Why an interview answer cannot be used, or None when it is fine."""
    stripped = text.strip()
    if not stripped:
        return "没有收到内容。请用文字回答，也可以回复“跳过”。"
    if len(stripped) > limit:
        return (
            f"这段回答有{len(stripped)}字，太长了（每个问题请控制在{limit}字以内）。"
            "请挑主要的做法和数字说，或分几次发送。整篇稿子请用菜单里的“精炼我的稿子”。"
        )
    if is_number_only(stripped):
        return f"“{stripped}”指的是什么？请说完整一些，例如“组织集体学习{stripped}次”。"
    if not has_words(stripped):
        return "没看懂这条消息。请用文字回答，也可以回复“跳过”。"
    return None


def parse_int(text: str) -> int | None:
    """ "3000", "3,000", "３０００字" → 3000; anything else → None."""
    cleaned = unicodedata.normalize("NFKC", text).strip().rstrip("字左右约").replace(",", "")
    cleaned = cleaned.removeprefix("约").removesuffix("字")
    return int(cleaned) if cleaned.isdigit() else None

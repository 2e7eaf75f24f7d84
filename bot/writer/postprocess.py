"""Clean what a model wrote: chatter, Markdown, English, half-width punctuation,
mangled fixed formulations, and figures the user never gave.

`check_usable()` says why an output cannot be used (so the writer retries once).
"""

from __future__ import annotations

import re

from bot.review import check_formulations
from bot.writer.figures import replace_untraceable
from bot.writer.models import Question

_CHATTER_HEAD = re.compile(
    r"^(?:好的|好|当然|没问题|可以|明白|收到|以下是|下面是|这是|根据您|按照您|为您|"
    r"Sure|OK|Okay|Here|Certainly)[^\n]{0,60}(?:[：:]|[。！!]$)",
    re.IGNORECASE,
)
_CHATTER_TAIL = re.compile(
    r"^(?:希望|如需|如果您|如有|以上(?:内容|是为您|为您)|请根据实际|注[：:]|说明[：:]|"
    r"（注|备注|Note)",
    re.IGNORECASE,
)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_BULLET = re.compile(r"^\s*(?:[-*+•]|>)\s+")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`{1,3}|~~)")
_MD_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$")
_LATIN_PAREN = re.compile(r"\s*[（(][A-Za-z][A-Za-z\s,.'&/-]*[）)]")
_LATIN_WORDS = re.compile(r"[A-Za-z]+(?:[\s'-]+[A-Za-z]+)+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_CLASS = r"\u4e00-\u9fff“”‘’（）【】《》"

# ASCII punctuation next to Chinese → full width.
_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_HALF_NEAR_CJK = re.compile(
    rf"(?<=[{_CJK_CLASS}\d])\s*([,;:?!])\s*|\s*([,;:?!])\s*(?=[{_CJK_CLASS}])"
)
_PERIOD_AFTER_CJK = re.compile(rf"(?<=[{_CJK_CLASS}])\.(?!\d)")
_PARENS = re.compile(rf"\(([^()\n]*[{_CJK_CLASS}][^()\n]*)\)")
_STRAIGHT_QUOTES = re.compile(r'"([^"\n]*)"')


def strip_chatter(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().split("\n")]
    while lines and (not lines[0].strip() or _CHATTER_HEAD.match(lines[0].strip())):
        lines.pop(0)
    while lines and (not lines[-1].strip() or _CHATTER_TAIL.match(lines[-1].strip())):
        lines.pop()
    return "\n".join(lines)


def strip_markdown(text: str) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        if _MD_RULE.match(line):
            continue
        line = _MD_HEADING.sub("", line)
        line = _MD_BULLET.sub("", line)
        out.append(_MD_EMPHASIS.sub("", line))
    return "\n".join(out)


def strip_english(text: str) -> str:
    """Drop English glosses "(Party building)" and lines written mostly in English."""
    text = _LATIN_PAREN.sub("", text)
    kept: list[str] = []
    for line in text.split("\n"):
        letters = sum(1 for ch in line if ch.isascii() and ch.isalpha())
        if letters > 0 and letters > len(_CJK.findall(line)):
            continue
        kept.append(_LATIN_WORDS.sub("", line))
    return "\n".join(kept)


def full_width(text: str) -> str:
    text = _PARENS.sub(r"（\1）", text)
    text = _HALF_NEAR_CJK.sub(lambda m: _PUNCT[m.group(1) or m.group(2)], text)
    text = _PERIOD_AFTER_CJK.sub("。", text)
    return _STRAIGHT_QUOTES.sub(r"“\1”", text)


def fix_formulations(text: str) -> str:
    """Put back the right form of a mangled fixed formulation (the review lexicon's
    undated error rules; dated, year-aware checks are left to the 审校)."""
    for finding in reversed(check_formulations(text)):
        if finding.severity == "error" and finding.suggestion:
            text = text[: finding.start] + finding.suggestion + text[finding.end :]
    return text


def normalise_lines(text: str) -> str:
    lines = [re.sub(r"[ \t\u3000]+", "", line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def clean_output(text: str, notes: str) -> tuple[str, list[Question]]:
    """Everything above in order; figures not in `notes` become placeholders."""
    text = strip_chatter(text)
    text = strip_markdown(text)
    text = strip_english(text)
    text = full_width(text)
    text = fix_formulations(text)
    text = normalise_lines(text)
    return replace_untraceable(text, notes)


def check_usable(raw: str, *, series: bool = False) -> str | None:
    """Why a raw model output is unusable (Chinese reason), or None when it is fine."""
    body = raw.strip()
    if not body:
        return "输出为空"
    cjk = len(_CJK.findall(body))
    letters = sum(1 for ch in body if ch.isascii() and ch.isalpha())
    if cjk < 20 or letters > cjk:
        return "输出不是中文正文"
    if series and "一是" not in body:
        return "没有按“一是……二是……”的结构分点撰写"
    return None

"""Figures in a draft that the user never gave become visible placeholders.

The matching itself is the review engine's (`extract_figures`, `figure_in_notes`,
`find_placeholders`), so the writer and the 审校 agree on what a figure is.
"""

from __future__ import annotations

import re

from bot.review import FigureMention, extract_figures, figure_in_notes, find_placeholders
from bot.writer.models import Question

TODO_RE = re.compile(r"【待补充[：:]?([^】]*)】")
_LABEL_STOP = re.compile(r"[，。；：、！？（）“”【】\s\d]")
_LABEL_TAIL = "共达为到约近超了逾计"
_UNIT_WORD = {
    "次": "次数",
    "人次": "人次",
    "场次": "场次",
    "场": "场次",
    "名": "人数",
    "人": "人数",
    "个": "个数",
    "项": "项数",
    "件": "件数",
    "期": "期数",
    "元": "金额",
    "户": "户数",
    "%": "比例",
}


def untraceable_figures(text: str, notes: str) -> list[FigureMention]:
    """Figures in `text` that do not occur in `notes` (the user's own material)."""
    note_figures = extract_figures(notes)
    return [
        m for m in extract_figures(text) if not figure_in_notes(m, notes, note_figures=note_figures)
    ]


def _label_before(text: str, start: int) -> str:
    """Up to 10 characters before `start`, back to the nearest punctuation."""
    label = ""
    for ch in reversed(text[max(0, start - 10) : start]):
        if _LABEL_STOP.match(ch):
            break
        label = ch + label
    label = label.removeprefix("共").removeprefix("累计")
    while label and label[-1] in _LABEL_TAIL:
        label = label[:-1]
    return label or "相关"


def placeholder_for(text: str, fig: FigureMention) -> tuple[str, Question]:
    """The placeholder that replaces `fig` and the question that asks for it."""
    label = _label_before(text, fig.start)
    what = label + _UNIT_WORD.get(fig.unit, "数字")
    placeholder = f"【待补充：{what}】"
    return placeholder, Question(placeholder=placeholder, question=f"“{label}”的具体数字是多少？")


def replace_untraceable(text: str, notes: str) -> tuple[str, list[Question]]:
    """Swap every untraceable figure for a placeholder; return the questions too."""
    questions: list[Question] = []
    for fig in reversed(untraceable_figures(text, notes)):
        placeholder, question = placeholder_for(text, fig)
        text = text[: fig.start] + placeholder + text[fig.end :]
        questions.insert(0, question)
    return text, questions


def placeholder_questions(text: str) -> list[Question]:
    """Questions for 【待补充…】 placeholders left in the text (by the writer or the model)."""
    seen: set[str] = set()
    out: list[Question] = []
    for finding in find_placeholders(text):
        m = TODO_RE.fullmatch(finding.text)
        if m is None or finding.text in seen:
            continue
        seen.add(finding.text)
        what = re.sub(r"^(?:请补充[：:]?|请)", "", m.group(1).strip()).rstrip("。") or "这处内容"
        out.append(Question(placeholder=finding.text, question=f"请补充：{what}。"))
    return out


def merge_questions(*groups: list[Question]) -> list[Question]:
    seen: set[str] = set()
    out: list[Question] = []
    for group in groups:
        for q in group:
            if q.placeholder not in seen:
                seen.add(q.placeholder)
                out.append(q)
    return out

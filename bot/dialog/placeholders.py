"""Answer a 【待补充：…】 question: the value fills the placeholder everywhere in the draft."""

from __future__ import annotations

import re

from bot.dialog.fact_edit import overlap, split_assignment
from bot.writer.models import Question

_LABEL = re.compile(r"【待补充[：:](.*?)】")


def label(question: Question) -> str:
    m = _LABEL.search(question.placeholder)
    return m.group(1) if m else question.placeholder


def match(questions: list[Question], text: str) -> tuple[Question, str] | None:
    """ "学习次数是12次" → (the question about 集体学习次数, "12次")."""
    parts = split_assignment(text)
    if parts is None:
        return None
    key, value = parts
    best: tuple[int, Question | None] = (1, None)
    for q in questions:
        score = max(overlap(key, label(q)), overlap(key, q.question))
        if score > best[0]:
            best = (score, q)
    return None if best[1] is None else (best[1], value.rstrip("。"))


_DOUBLED = re.compile(r"^(请补充|请填写)[：:]\s*(?=请补充|请填写)")


def tidy(question: Question) -> Question:
    """ "请补充：请补充下一步工作的具体打算。" → "请补充下一步工作的具体打算。" """
    text = _DOUBLED.sub("", question.question.strip())
    return question if text == question.question else question.model_copy(update={"question": text})


def fill(text: str, question: Question, value: str) -> str:
    return text.replace(question.placeholder, value)

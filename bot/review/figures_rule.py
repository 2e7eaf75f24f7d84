"""数字: with the user's notes, every figure in the draft must be traceable to them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.review.context import ReviewContext
from bot.review.figures import extract_figures, figure_in_notes
from bot.review.models import Finding

_TODO = re.compile(r"【[^】\n]*】")


def check_figures(ctx: ReviewContext) -> Iterator[Finding]:
    if not ctx.notes.strip():
        return
    note_figures = extract_figures(ctx.notes)
    skip = [(m.start(), m.end()) for m in _TODO.finditer(ctx.text)]
    for term in ctx.lexicon.protected:
        pos = ctx.text.find(term)
        while pos >= 0:
            skip.append((pos, pos + len(term)))
            pos = ctx.text.find(term, pos + len(term))
    for fig in extract_figures(ctx.text):
        if not fig.arabic and fig.value < 2:
            continue  # "一名党员", "一次" read as words, not counts
        if any(s <= fig.start < e for s, e in skip):
            continue
        if figure_in_notes(fig, ctx.notes, note_figures=note_figures):
            continue
        yield Finding(
            category="数字",
            rule="数字.unverified",
            start=fig.start,
            end=fig.end,
            text=fig.text,
            message=f"“{fig.text}”在您提供的材料中找不到，请核实，避免出现不实数字。",
            suggestion="核实后保留，或改为【待补充：…】",
            severity="warning",
        )

"""Corrections in plain words: "学习次数是15次", "删除第3条", "补充：……".

A figure correction replaces the figure it is about (found by the words just before
each number in the facts, the figures' labels and the topics); when no figure matches
unambiguously, the caller gets the candidates to ask about instead of a guess.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from bot.writer.models import Fact, Facts

_ASSIGN = re.compile(
    r"^(?P<key>[^，。：:]{1,24}?)(?:应该|应)?(?:是|为|改为|改成|有|：|:)\s*(?P<value>.+?)[。！!]?$"
)
_VALUE = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[%％]|[^\d\s，。；、]{0,2})")
_DELETE = re.compile(r"^(?:删除|删掉|去掉)第?(\d+)条?")
_ADD = re.compile(r"^(?:补充|增加|添加)[：:]\s*(.+)$")
_SLOT = re.compile(
    r"(?P<num>\d+(?:\.\d+)?)"
    r"(?P<unit>[%％]|余?[万亿]?(?:人次|场次|课时|个|次|名|人|项|件|期|元|户|场|篇|条|家|天|份|批))?"
)
_CLAUSE_START = re.compile(r"[，。；、：,;:（(]")
MAX_CHOICES = 6


class FixChoice(BaseModel):
    """One way to apply a figure correction, offered as a button when the match is unclear."""

    fact_id: str
    start: int = -1  # the old number's position in the fact text; -1: add the figure
    end: int = -1
    old: str = ""  # the old number with its unit, as in the text
    context: str = ""  # the words before it: "开展主题党日"
    key: str  # what the user named: "学习次数"
    num: str  # the new number: "15"
    unit: str = ""  # the new unit, if the user gave one

    def label(self, fact: Fact) -> str:
        short = fact.text if len(fact.text) <= 22 else fact.text[:21] + "…"
        if self.start < 0:
            return f"{short}（补上{self.key}{self.num}{self.unit}）"
        return f"{self.context}{self.old}（改为{self.num}{self.unit or _unit_of(self.old)}）"


def split_assignment(text: str) -> tuple[str, str] | None:
    """ "学习次数是15次" → ("学习次数", "15次")."""
    m = _ASSIGN.match(text.strip())
    if not m:
        return None
    return m.group("key").strip(), m.group("value").strip()


def overlap(a: str, b: str) -> int:
    """Length of the longest common substring (enough to match "学习次数" to "集体学习次数")."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def _stem(key: str) -> str:
    return re.sub(r"(次数|人数|个数|数量|数)$", "", key) or key


def _unit_of(old: str) -> str:
    m = _SLOT.fullmatch(old)
    return (m.group("unit") or "") if m else ""


def correct(facts: Facts, text: str) -> str | list[FixChoice] | None:
    """Apply one correction in place and return a confirmation; return the candidates when
    a figure correction is unclear; None when the message is not a correction."""
    if m := _DELETE.match(text.strip()):
        index = int(m.group(1)) - 1
        if 0 <= index < len(facts.items):
            removed = facts.items.pop(index)
            return f"已删除：{removed.text}"
        return None
    if m := _ADD.match(text.strip()):
        new_id = f"f{len(facts.items) + 1}"
        while facts.by_id(new_id) is not None:
            new_id += "x"
        facts.items.append(Fact(id=new_id, topic="补充", kind="other", text=m.group(1)))
        return f"已补充：{m.group(1)}"
    parts = split_assignment(text)
    if parts is None:
        return None
    key, value = parts
    vm = _VALUE.search(value)
    if vm is None:
        return None
    choices = _candidates(facts, key, vm.group("num"), vm.group("unit").strip())
    if len(choices) == 1 and choices[0].start >= 0:
        return apply_choice(facts, choices[0])
    return choices or None


def _candidates(facts: Facts, key: str, num: str, unit: str) -> list[FixChoice]:
    stem = _stem(key)
    need = min(2, len(stem))
    strong: list[tuple[int, FixChoice]] = []
    weak: list[FixChoice] = []
    for fact in facts.items:
        topic_score = overlap(stem, fact.topic)
        slots = list(_slots(fact))
        for start, end, context in slots:
            old = fact.text[start:end]
            choice = FixChoice(
                fact_id=fact.id,
                start=start,
                end=end,
                old=old,
                context=context,
                key=key,
                num=num,
                unit=unit,
            )
            label = _figure_label(fact, old)
            own = max(overlap(stem, context), overlap(stem, label))
            if own >= need:
                bonus = int(bool(unit) and unit == _unit_of(old))
                strong.append((own * 2 + topic_score + bonus, choice))
            elif topic_score >= need or overlap(stem, fact.text) >= need:
                weak.append(choice)
        if not slots and max(topic_score, overlap(stem, fact.text)) >= need:
            weak.append(FixChoice(fact_id=fact.id, key=key, num=num, unit=unit))
    if strong:
        strong.sort(key=lambda sc: sc[0], reverse=True)
        best = strong[0][0]
        return [c for score, c in strong if score == best][:MAX_CHOICES]
    return weak[:MAX_CHOICES]


def _slots(fact: Fact) -> list[tuple[int, int, str]]:
    """(start, end, the words before it) for every number in the fact, years excluded."""
    out: list[tuple[int, int, str]] = []
    for m in _SLOT.finditer(fact.text):
        if fact.text[m.end() : m.end() + 1] == "年" and not m.group("unit"):
            continue
        out.append((m.start(), m.end(), _context(fact.text, m.start())))
    return out


def _context(text: str, start: int) -> str:
    """The words of the clause before position `start`."""
    before = text[:start]
    cut = max((c.end() for c in _CLAUSE_START.finditer(before)), default=0)
    return before[cut:]


def _figure_label(fact: Fact, old: str) -> str:
    m = _SLOT.fullmatch(old)
    num = m.group("num") if m else old
    return next((f.label for f in fact.figures if f.value.rstrip("%％") == num), "")


def apply_choice(facts: Facts, choice: FixChoice) -> str | None:
    """Replace (or add) the figure the choice points at; None when the fact changed since."""
    fact = facts.by_id(choice.fact_id)
    if fact is None:
        return None
    if choice.start < 0:
        fact.text = f"{fact.text.rstrip('。')}，{choice.key}{choice.num}{choice.unit}"
        return f"已更正：{fact.text}"
    if fact.text[choice.start : choice.end] != choice.old:
        return None
    m = _SLOT.fullmatch(choice.old)
    old_num = m.group("num") if m else choice.old
    unit = choice.unit or _unit_of(choice.old)
    context = _context(fact.text, choice.start)
    fact.text = f"{fact.text[: choice.start]}{choice.num}{unit}{fact.text[choice.end :]}"
    same = [f for f in fact.figures if f.value.rstrip("%％") == old_num]
    if same:  # several figures may share the value: the one labelled like the words before it
        figure = max(same, key=lambda f: overlap(f.label, context) if f.label else 0)
        figure.value = choice.num + figure.value[len(old_num) :]
        figure.unit = choice.unit or figure.unit
    return f"已更正：{fact.text}"

"""Corrections in plain words: "学习次数是15次", "删除第3条", "补充：……"."""

from __future__ import annotations

import re

from bot.writer.models import Fact, Facts, Figure

_ASSIGN = re.compile(
    r"^(?P<key>[^，。：:]{1,24}?)(?:应该|应)?(?:是|为|改为|改成|有|：|:)\s*(?P<value>.+?)[。！!]?$"
)
_VALUE = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[%％]|[^\d\s，。；、]{0,2})")
_DELETE = re.compile(r"^(?:删除|删掉|去掉)第?(\d+)条?")
_ADD = re.compile(r"^(?:补充|增加|添加)[：:]\s*(.+)$")


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


def apply_correction(facts: Facts, text: str) -> str | None:
    """Apply one correction in place; return a short confirmation, or None when not understood."""
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
    fact, figure = _best_match(facts, key)
    if fact is None:
        return None
    num, unit = vm.group("num"), vm.group("unit")
    if figure is not None:
        old = figure.value
        if old and old in fact.text:
            fact.text = fact.text.replace(old, num, 1)
        figure.value = num
        figure.unit = unit or figure.unit
    else:
        fact.figures.append(Figure(value=num, unit=unit, label=key))
        fact.text = f"{fact.text.rstrip('。')}，{key}{num}{unit}。"
    return f"已更正：{fact.text}"


def _best_match(facts: Facts, key: str) -> tuple[Fact | None, Figure | None]:
    stem = _stem(key)
    best: tuple[int, Fact | None, Figure | None] = (1, None, None)
    for fact in facts.items:
        base = overlap(stem, fact.text) + overlap(stem, fact.topic) * 2
        for figure in fact.figures:
            score = overlap(stem, figure.label) * 2 + base
            if score > best[0]:
                best = (score, fact, figure)
        score = base
        if score > best[0]:
            best = (score, fact, fact.figures[0] if len(fact.figures) == 1 else None)
    return best[1], best[2]

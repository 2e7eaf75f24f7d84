"""Free notes → statements sorted by interview topic (for the batch CLI and offline extract)."""

from __future__ import annotations

import re

from bot.writer.kinds import KindSpec
from bot.writer.models import Fact, FactKind, Facts, Figure

_HEADER = re.compile(r"^[【\[]?(?P<topic>[^】\]：:\n]{2,8})[】\]：:]\s*(?P<rest>.*)$")
_BULLET = re.compile(
    r"^\s*(?:[-*•·]|\d{1,2}[.、．)]|[（(]\d{1,2}[）)]|[一二三四五六七八九十]+、)\s*"
)
_SPLIT = re.compile(r"(?<=[。；;！？])|\n")
_FIGURE = re.compile(
    r"(\d+(?:\.\d+)?)\s*(%|余?[万亿]?(?:人次|场次|个|次|名|人|项|件|期|元|户|场|篇|条|家|天|课时)?)"
)
_SECTION_KIND: dict[str, FactKind] = {
    "问题": "problem",
    "原因": "cause",
    "打算": "plan",
    "特色": "highlight",
}


def _topic_of_header(kind: KindSpec, name: str) -> str | None:
    for topic in kind.topics:
        if name == topic.key or name in topic.key or topic.key in name:
            return topic.key
    return None


def _guess_topic(kind: KindSpec, line: str, current: str) -> str:
    best, hits = current, 0
    for topic in kind.topics:
        n = sum(1 for w in topic.keywords if w in line)
        if n > hits:
            best, hits = topic.key, n
    return best


def split_notes(kind: KindSpec, text: str) -> dict[str, str]:
    """Sort free notes into the kind's topics: "【理论学习】…" or "理论学习：…" headers
    win; otherwise each line goes to the topic whose keywords it mentions most."""
    out: dict[str, list[str]] = {}
    current = kind.topics[0].key
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        m = _HEADER.match(line)
        header = _topic_of_header(kind, m.group("topic")) if m else None
        if m and header:
            current = header
            line = m.group("rest").strip()
            if not line:
                continue
            topic = current
        else:
            topic = _guess_topic(kind, line, current)
        out.setdefault(topic, []).append(_BULLET.sub("", line))
    return {k: "\n".join(v) for k, v in out.items()}


def figures_in(text: str) -> list[Figure]:
    return [Figure(value=m.group(1), unit=m.group(2) or "") for m in _FIGURE.finditer(text)]


def _fact_kind(kind: KindSpec, topic: str, text: str) -> FactKind:
    for word, fact_kind in _SECTION_KIND.items():
        if word in topic:
            return fact_kind
    if kind.section_for_topic(topic).role.value == "plans":
        return "plan"
    return "figure" if figures_in(text) else "activity"


def statements(text: str) -> list[str]:
    parts = (_BULLET.sub("", p).strip(" ，,") for p in _SPLIT.split(text))
    return [p for p in parts if len(p) >= 2 and p not in ("。", "；")]


def rule_facts(kind: KindSpec, notes: dict[str, str]) -> Facts:
    """One fact per statement, in topic order, with the figures it contains."""
    items: list[Fact] = []
    order = [t.key for t in kind.topics] + [k for k in notes if kind.topic(k) is None]
    for topic in order:
        for sentence in statements(notes.get(topic, "")):
            items.append(
                Fact(
                    id=f"f{len(items) + 1}",
                    topic=topic,
                    kind=_fact_kind(kind, topic, sentence),
                    text=sentence.rstrip("。；;"),
                    figures=figures_in(sentence),
                )
            )
    return Facts(items=items)

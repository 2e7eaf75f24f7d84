"""Plain text → Report.

Lines are classified by their numbering (一、 / （一） / 1. / （1） / 一是); nesting follows
the order in which styles appear, so "1." directly under "一、" (as many reports do) is
an item of that section, not an error. Text with no "一、" headings is kept as opening
paragraphs with no sections (best effort, never an exception).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.report.model import (
    MARKER_RANK,
    Item,
    Marker,
    Paragraph,
    Report,
    Role,
    Section,
    find_series,
    number_value,
)
from bot.report.roles import CAUSE_INTRO, classify_heading

SCRAPE_MARKERS = re.compile(r"##paid(?:begin|end)##")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"), None)
_WS = " \t\u3000\u00a0\u2002\u2003\u2009\r\f\v"

_HAN = "一二三四五六七八九十"
_LINE_PATTERNS: tuple[tuple[Marker, re.Pattern[str]], ...] = (
    (Marker.SECTION, re.compile(rf"^([{_HAN}]{{1,3}})[、．.]\s*(.+)$")),
    (Marker.PAREN_HAN, re.compile(rf"^[（(]([{_HAN}]{{1,3}})[）)]\s*(.+)$")),
    (Marker.PAREN_ARABIC, re.compile(r"^[（(](\d{1,2})[）)]\s*(.+)$")),
    (Marker.ARABIC, re.compile(r"^(\d{1,2})[.．、](?![\d.．])\s*(.+)$")),
    (Marker.SERIES, re.compile(rf"^([{_HAN}]{{1,3}})是(.+)$")),
)
_SENTENCE_END = re.compile(r"[。！？!?]")
MAX_HEADING = 50  # longer first sentences are body text, not a heading
_TITLE_WORDS = re.compile(r"报告|总结|述职|汇报|材料|情况")
_CLOSING = re.compile(
    r"特此报告|请予(?:评议|审议)|批评指正|妥否|谢谢大家|以上(?:是|为)?(?:我的|本人)?(?:的)?述职"
)
_DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月(?:\d{1,2}日)?$|^（\d{4}年\d{1,2}月(?:\d{1,2}日)?）$")


def clean_text(text: str) -> str:
    """Normalise newlines, drop scraping markers and invisible characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    return SCRAPE_MARKERS.sub("", text)


@dataclass(frozen=True)
class NumberedLine:
    marker: Marker
    number: str
    value: int
    rest: str


def classify_line(line: str) -> NumberedLine | None:
    """Recognise a numbered line; None for ordinary paragraphs."""
    for marker, pattern in _LINE_PATTERNS:
        m = pattern.match(line)
        if not m:
            continue
        raw, rest = m.group(1), m.group(2)
        value = number_value(raw)
        if value is None:
            continue
        if marker is Marker.SERIES:
            series = find_series(line)
            if len(series) > 1 and series[0].start == 0:
                return None  # "一是……二是……三是……" in one paragraph: a series, not an item
            return NumberedLine(marker, f"{raw}是", value, rest)
        number = _canonical_number(marker, raw, line[: len(line) - len(rest)].strip())
        return NumberedLine(marker, number, value, rest)
    return None


def _canonical_number(marker: Marker, raw: str, written: str) -> str:
    if marker is Marker.SECTION:
        return raw
    return written


def split_heading(rest: str) -> tuple[str, str, str | None]:
    """ "强化政治担当。始终……" → ("强化政治担当", "。", "始终……")."""
    m = _SENTENCE_END.search(rest)
    if m is None:
        if len(rest) <= MAX_HEADING:
            return rest, "", None
        return "", "", rest
    if m.start() > MAX_HEADING:
        return "", "", rest
    body = rest[m.end() :].lstrip(_WS)
    return rest[: m.start()], m.group(), body or None


def _lines(text: str) -> list[tuple[str, bool]]:
    """Stripped non-empty lines, each with whether a blank line follows it."""
    raw = clean_text(text).split("\n")
    out: list[tuple[str, bool]] = []
    for i, line in enumerate(raw):
        stripped = line.strip(_WS)
        if not stripped:
            continue
        blank_after = i + 1 < len(raw) and not raw[i + 1].strip(_WS)
        out.append((stripped, blank_after))
    return out


def _looks_like_title(line: str, blank_after: bool) -> bool:
    if len(line) > MAX_HEADING or classify_line(line) is not None:
        return False
    if line[-1] in "。：:；;，,":
        return False
    return bool(_TITLE_WORDS.search(line)) or blank_after


def parse_report(text: str) -> Report:
    lines = _lines(text)
    report = Report()
    start = 0
    if lines and _looks_like_title(*lines[0]):
        report.title = lines[0][0]
        start = 1
        if len(lines) > 1 and lines[1][0].startswith(("——", "--", "—")):
            report.subtitle = lines[1][0]
            start = 2
    body = [line for line, _ in lines[start:]]
    has_sections = any(
        (n := classify_line(line)) is not None and n.marker is Marker.SECTION for line in body
    )
    section: Section | None = None
    stack: list[Item] = []
    for line in body:
        numbered = classify_line(line) if has_sections else None
        if numbered is not None and numbered.marker is Marker.SECTION:
            section = _new_section(numbered)
            report.sections.append(section)
            stack = []
            continue
        if section is None:
            report.opening.append(Paragraph(text=line, role=Role.OPENING))
            continue
        if numbered is not None:
            item = _new_item(numbered)
            rank = MARKER_RANK[numbered.marker]
            while stack and MARKER_RANK[stack[-1].marker] >= rank:
                stack.pop()
            (stack[-1].children if stack else section.items).append(item)
            stack.append(item)
            continue
        paragraph = Paragraph(text=line)
        (stack[-1].paragraphs if stack else section.paragraphs).append(paragraph)
    _move_closing(report)
    _assign_roles(report)
    return report


def _new_section(numbered: NumberedLine) -> Section:
    heading, end, body = split_heading(numbered.rest)
    role, has_causes = classify_heading(heading or numbered.rest)
    section = Section(
        number=numbered.number,
        value=numbered.value,
        heading=heading,
        heading_end=end,
        inline=body is not None,
        role=role,
        has_causes=has_causes,
    )
    if body is not None:
        section.paragraphs.append(Paragraph(text=body))
    return section


def _new_item(numbered: NumberedLine) -> Item:
    heading, end, body = split_heading(numbered.rest)
    item = Item(
        marker=numbered.marker,
        number=numbered.number,
        value=numbered.value,
        heading=heading,
        heading_end=end,
        inline=body is not None,
    )
    if body is not None:
        item.paragraphs.append(Paragraph(text=body))
    return item


def _last_container(report: Report) -> list[Paragraph] | None:
    """The paragraph list the document's last line went into."""
    if not report.sections:
        return None
    section = report.sections[-1]
    if not section.items:
        return section.paragraphs
    item = section.items[-1]
    while item.children:
        item = item.children[-1]
    return item.paragraphs


def _move_closing(report: Report) -> None:
    container = _last_container(report)
    if container is None:
        return
    moved: list[Paragraph] = []
    # Walk back over short lines: a date, a signature, a closing formula.
    while container and len(moved) < 3:
        text = container[-1].text
        is_formula = len(text) <= 100 and _CLOSING.search(text) is not None
        is_sign = len(text) <= 30 and (_DATE_LINE.match(text) or not _SENTENCE_END.search(text))
        if not (is_formula or (is_sign and len(container) > 1)):
            break
        moved.insert(0, container.pop())
        if is_formula:
            break
    # a signature with no formula before it is too uncertain: put it back
    if moved and not any(_CLOSING.search(p.text) for p in moved):
        container.extend(moved)
        return
    for p in moved:
        p.role = Role.CLOSING
    report.closing = moved


def _assign_roles(report: Report) -> None:
    for section in report.sections:
        in_causes = section.role is Role.CAUSES
        for paragraph in section.all_paragraphs():
            if section.role is Role.PROBLEMS and CAUSE_INTRO.match(paragraph.text):
                in_causes = True
                section.has_causes = True
            paragraph.role = Role.CAUSES if in_causes else section.role

"""Report → plain text, Markdown, and Telegram HTML chunks (≤ 4096 characters each)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.report.model import Item, Report, Section

TELEGRAM_LIMIT = 4096


@dataclass(frozen=True)
class Line:
    """One rendered paragraph: `head` is the numbered heading part, `body` the rest."""

    kind: str  # title | subtitle | text | section | item
    level: int  # 0 for title/text, 1 for sections, 2+ for items
    head: str
    body: str

    @property
    def text(self) -> str:
        return self.head + self.body


def _section_number(section: Section) -> str:
    return f"{section.number}、"


def _heading_line(number: str, heading: str, end: str, inline_body: str | None) -> tuple[str, str]:
    head = number + heading + end
    return head, inline_body or ""


def iter_lines(report: Report) -> Iterator[Line]:
    if report.title:
        yield Line("title", 0, report.title, "")
    if report.subtitle:
        yield Line("subtitle", 0, report.subtitle, "")
    for p in report.opening:
        yield Line("text", 0, "", p.text)
    for section in report.sections:
        paragraphs = list(section.paragraphs)
        first = paragraphs.pop(0).text if section.inline and paragraphs else None
        head, body = _heading_line(
            _section_number(section), section.heading, section.heading_end, first
        )
        yield Line("section", 1, head, body)
        for p in paragraphs:
            yield Line("text", 0, "", p.text)
        for item in section.items:
            yield from _item_lines(item, 2)
    for p in report.closing:
        yield Line("text", 0, "", p.text)


def _item_lines(item: Item, level: int) -> Iterator[Line]:
    paragraphs = list(item.paragraphs)
    first = paragraphs.pop(0).text if item.inline and paragraphs else None
    head, body = _heading_line(item.number, item.heading, item.heading_end, first)
    yield Line("item", level, head, body)
    for p in paragraphs:
        yield Line("text", 0, "", p.text)
    for child in item.children:
        yield from _item_lines(child, level + 1)


def render_text(report: Report) -> str:
    """One paragraph per line; a blank line after the title block."""
    out: list[str] = []
    lines = list(iter_lines(report))
    for i, line in enumerate(lines):
        out.append(line.text)
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if line.kind in ("title", "subtitle") and nxt is not None and nxt.kind != "subtitle":
            out.append("")
    return "\n".join(out) + "\n"


def render_markdown(report: Report) -> str:
    out: list[str] = []
    for line in iter_lines(report):
        if line.kind == "title":
            out.append(f"# {line.text}")
        elif line.kind == "subtitle":
            out.append(line.text)
        elif line.kind == "section":
            out.append(f"## {line.head}")
            if line.body:
                out.append(_md_escape(line.body))
        elif line.kind == "item" and line.head and not line.body:
            out.append(f"{'#' * min(line.level + 1, 6)} {line.head}")
        elif line.kind == "item":
            out.append(f"**{_md_escape(line.head)}**{_md_escape(line.body)}")
        else:
            out.append(_md_escape(line.text))
    return "\n\n".join(out) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]#])")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _html_line(line: Line) -> str:
    if line.kind in ("title", "section"):
        return f"<b>{html.escape(line.head, quote=False)}</b>" + html.escape(line.body, quote=False)
    if line.kind == "item" and line.head:
        return f"<b>{html.escape(line.head, quote=False)}</b>" + html.escape(line.body, quote=False)
    return html.escape(line.text, quote=False)


def _split_long(text: str, limit: int) -> list[str]:
    """Split raw text at sentence ends (then anywhere) so each escaped piece fits `limit`."""
    pieces: list[str] = []
    current = ""
    for sentence in re.findall(r"[^。！？；!?;]*[。！？；!?;]?", text):
        if not sentence:
            continue
        if len(html.escape(current + sentence, quote=False)) <= limit:
            current += sentence
            continue
        if current:
            pieces.append(current)
            current = ""
        while len(html.escape(sentence, quote=False)) > limit:
            cut = limit
            while len(html.escape(sentence[:cut], quote=False)) > limit:
                cut -= 1
            pieces.append(sentence[:cut])
            sentence = sentence[cut:]
        current = sentence
    if current:
        pieces.append(current)
    return pieces


def render_html_chunks(report: Report, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Telegram HTML messages, split only at paragraph boundaries unless a paragraph
    alone is too long (then at sentence ends). Each chunk is ≤ `limit` characters of
    raw HTML, so its visible text is too; tags never straddle chunks."""
    blocks: list[str] = []
    for line in iter_lines(report):
        rendered = _html_line(line)
        if len(rendered) <= limit:
            blocks.append(rendered)
            continue
        # Too long: the bold head stays in the first piece, the body is split.
        head = _html_line(Line(line.kind, line.level, line.head, "")) if line.head else ""
        body_pieces = _split_long(line.body if line.head else line.text, limit - len(head))
        blocks.append(head + html.escape(body_pieces[0], quote=False))
        blocks.extend(html.escape(p, quote=False) for p in body_pieces[1:])
    return pack_blocks(blocks, limit)


def pack_blocks(blocks: list[str], limit: int = TELEGRAM_LIMIT, sep: str = "\n\n") -> list[str]:
    chunks: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}{sep}{block}" if current else block
        if len(candidate) <= limit:
            current = candidate
        else:
            chunks.append(current)
            current = block
    if current:
        chunks.append(current)
    return chunks

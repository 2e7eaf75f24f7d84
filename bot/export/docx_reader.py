"""A .docx as plain text: one line per paragraph, in document order.

- Word's automatic numbering (w:numPr, directly or through the paragraph style) becomes
  its visible text ("一、", "（一）", "1.", "（1）"), so the report parser sees headings.
- Tables come out where they stand, one line per row, cells separated by a tab.
- Tracked deletions, field codes and text-box fallbacks are left out; a line break inside
  a centred paragraph (a title broken by hand) is joined back into one line.
Anything unreadable raises `UnusableInputError` with a Chinese message.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from bot.errors import UnusableInputError
from bot.export.numbering import Numbering, parse_numbering

_SKIP = {
    qn("w:del"),
    qn("w:moveFrom"),
    qn("w:instrText"),
    qn("w:delText"),
    qn("w:txbxContent"),
    qn("w:pPr"),
    qn("w:rPr"),
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
}
_BREAKS = {qn("w:br"), qn("w:cr")}
_CONTAINERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:ins"), qn("w:moveTo")}


@dataclass(frozen=True)
class _StyleNumbering:
    num_id: str | None
    ilvl: int | None
    based_on: str | None


def _style_numbering(document: DocxDocument) -> dict[str, _StyleNumbering]:
    out: dict[str, _StyleNumbering] = {}
    for style in document.styles.element.findall(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        if style_id is None:
            continue
        based = style.find(qn("w:basedOn"))
        num_id, ilvl = _num_pr(style.find(qn("w:pPr")))
        out[style_id] = _StyleNumbering(
            num_id, ilvl, None if based is None else based.get(qn("w:val"))
        )
    return out


def _num_pr(ppr: Any) -> tuple[str | None, int | None]:
    if ppr is None:
        return None, None
    num_pr = ppr.find(qn("w:numPr"))
    if num_pr is None:
        return None, None
    num_el = num_pr.find(qn("w:numId"))
    lvl_el = num_pr.find(qn("w:ilvl"))
    num_id = None if num_el is None else num_el.get(qn("w:val"))
    raw = None if lvl_el is None else lvl_el.get(qn("w:val"))
    ilvl = int(raw) if raw is not None and raw.isdigit() else None
    return num_id, ilvl


class _Reader:
    def __init__(self, document: DocxDocument) -> None:
        self.styles = _style_numbering(document)
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            root = None
        self.numbering: Numbering = parse_numbering(root)

    def _numbering_of(self, p: Any) -> tuple[str | None, int]:
        ppr = p.find(qn("w:pPr"))
        num_id, ilvl = _num_pr(ppr)
        style_id: str | None = None
        if ppr is not None and (ps := ppr.find(qn("w:pStyle"))) is not None:
            style_id = ps.get(qn("w:val"))
        seen: set[str] = set()
        while (num_id is None or ilvl is None) and style_id and style_id not in seen:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                break
            num_id = num_id if num_id is not None else style.num_id
            ilvl = ilvl if ilvl is not None else style.ilvl
            style_id = style.based_on
        return num_id, ilvl or 0

    def paragraph(self, p: Any) -> str:
        text = "".join(_text(p))
        num_id, ilvl = self._numbering_of(p)
        label = self.numbering.next_label(num_id, ilvl) if num_id else ""
        if "\n" in text:
            text = "".join(text.split("\n")) if _centred(p) else text
        return label + text if text.strip() else ""

    def table(self, tbl: Any) -> Iterator[str]:
        for tr in tbl.findall(qn("w:tr")):
            cells: list[str] = []
            for tc in tr.findall(qn("w:tc")):
                if _is_merged_continuation(tc):
                    continue
                parts = [line for line in self.blocks(tc) if line.strip()]
                cells.append(" ".join(part.replace("\t", " ") for part in parts))
            if any(c.strip() for c in cells):
                yield "\t".join(cells)

    def blocks(self, container: Any) -> Iterator[str]:
        for child in container:
            if child.tag == qn("w:p"):
                yield self.paragraph(child)
            elif child.tag == qn("w:tbl"):
                yield from self.table(child)
            elif child.tag in _CONTAINERS:
                yield from self.blocks(child)


def _is_merged_continuation(tc: Any) -> bool:
    tcpr = tc.find(qn("w:tcPr"))
    if tcpr is None:
        return False
    vmerge = tcpr.find(qn("w:vMerge"))
    return vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue")


def _centred(p: Any) -> bool:
    ppr = p.find(qn("w:pPr"))
    jc = None if ppr is None else ppr.find(qn("w:jc"))
    return jc is not None and jc.get(qn("w:val")) == "center"


def _text(element: Any) -> Iterator[str]:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == qn("w:t"):
            yield child.text or ""
        elif tag == qn("w:tab"):
            yield "\t"
        elif tag in _BREAKS:
            yield "\n"
        elif tag == qn("w:noBreakHyphen"):
            yield "-"
        else:
            yield from _text(child)


def _collapse_blank(lines: Iterator[str]) -> list[str]:
    """Keep one empty line where the document has empty paragraphs (the parser uses a
    blank line after the first line as a hint that it is the title)."""
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1]):
            out.append(line if line.strip() else "")
    while out and not out[-1]:
        out.pop()
    return out


def docx_to_text(data: bytes) -> str:
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for corrupt parts
        raise UnusableInputError("这个 .docx 文件已损坏，无法打开。请重新保存后再上传。") from exc
    try:
        reader = _Reader(document)
        lines = _collapse_blank(reader.blocks(document.element.body))
    except Exception as exc:  # malformed numbering or styles: a message, never a traceback
        raise UnusableInputError(
            "这个 Word 文档的内部结构有误，无法读取。请在 Word 中“另存为”新的 .docx 后再上传。"
        ) from exc
    text = "\n".join(lines)
    if not text.strip():
        raise UnusableInputError("这个 Word 文档里没有文字。")
    return text

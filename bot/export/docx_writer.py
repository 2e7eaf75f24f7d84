"""Report → .docx laid out after GB/T 9704 (A4, 仿宋 body, 黑体/楷体 headings, "— 1 —").

The exact figures and the python-docx traps behind them are in
shared/domain/domain-reference.md §1–§2; options come from `ExportOptions`.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from bot.errors import UnusableInputError
from bot.export.fields import setup_page_numbers
from bot.export.fonts import set_theme_font_lang, setup_styles, style_run
from bot.export.options import SIZE_2, SIZE_3, ExportOptions
from bot.export.package import finalize_package
from bot.export.title import break_title
from bot.report.model import Item, Marker, Paragraph, Report, Section

PLACEHOLDER = re.compile(r"(【待补充[^】]*】)")
_SIGN_LINE = re.compile(r"^（?\d{4}年\d{1,2}月(?:\d{1,2}日)?）?$")
_SENTENCE_END = re.compile(r"[。！？；]")
OUTLINE_LEVEL: dict[Marker, int] = {
    Marker.PAREN_HAN: 1,
    Marker.ARABIC: 2,
    Marker.PAREN_ARABIC: 3,
}


class _Writer:
    """Appends paragraphs to one document; every run gets explicit fonts."""

    def __init__(self, document: DocxDocument, options: ExportOptions) -> None:
        self.doc = document
        self.opt = options
        self.fonts_used: set[str] = {options.body_font, options.latin_font}

    # -- paragraph kinds ---------------------------------------------------------------
    def _paragraph(
        self, *, align: WD_ALIGN_PARAGRAPH, indent: bool, line_pt: float | None = None
    ) -> DocxParagraph:
        paragraph = self.doc.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.alignment = align
        fmt.line_spacing = Pt(line_pt or self.opt.line_spacing_pt)  # a Length → exact
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.first_line_indent = Pt(SIZE_3 * 2) if indent else Pt(0)
        return paragraph

    def _runs(self, paragraph: DocxParagraph, text: str, font: str, size: float = SIZE_3) -> None:
        """Add `text` in `font`; 【待补充：…】 placeholders are highlighted to be noticed."""
        self.fonts_used.add(font)
        for piece in PLACEHOLDER.split(text):
            if not piece:
                continue
            run = paragraph.add_run(piece)
            style_run(run, font, self.opt.latin_font, size)
            if PLACEHOLDER.fullmatch(piece):
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def body(self, text: str) -> None:
        paragraph = self._paragraph(align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
        self._runs(paragraph, text, self.opt.body_font)

    def heading(self, head: str, font: str, inline_body: str | None, outline: int | None) -> None:
        paragraph = self._paragraph(align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
        self._runs(paragraph, head, font)
        if inline_body:
            self._runs(paragraph, inline_body, self.opt.body_font)
        else:
            paragraph.paragraph_format.keep_with_next = True
        if outline is not None:
            _set_outline_level(paragraph, outline)

    def centred(self, lines: list[str], font: str, size: float, line_pt: float) -> None:
        paragraph = self._paragraph(align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, line_pt=line_pt)
        paragraph.paragraph_format.keep_with_next = True
        for i, line in enumerate(lines):
            if i:
                brk = paragraph.add_run()
                style_run(brk, font, self.opt.latin_font, size)
                brk.add_break(WD_BREAK.LINE)
            self._runs(paragraph, line, font, size)

    def blank(self) -> None:
        self._paragraph(align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=False)

    def sign_line(self, text: str) -> None:
        """A signature or date after the closing formula: right, two characters in."""
        paragraph = self._paragraph(align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        paragraph.paragraph_format.right_indent = Pt(SIZE_3 * 2)
        self._runs(paragraph, text, self.opt.body_font)

    # -- document parts ----------------------------------------------------------------
    def title_block(self, report: Report) -> None:
        opt = self.opt
        wrote = False
        if report.title:
            lines = break_title(report.title, opt.title_max_chars)
            self.centred(lines, opt.title_font, SIZE_2, opt.title_line_spacing_pt)
            wrote = True
        if report.subtitle:
            self.centred([report.subtitle], opt.signature_font, SIZE_3, opt.line_spacing_pt)
            wrote = True
        for line in (opt.signature_line, opt.date_line):
            if line:
                self.centred([line], opt.signature_font, SIZE_3, opt.line_spacing_pt)
                wrote = True
        if wrote:
            self.blank()

    def section(self, section: Section) -> None:
        paragraphs = list(section.paragraphs)
        first = paragraphs.pop(0).text if section.inline and paragraphs else None
        head = f"{section.number}、{section.heading}{section.heading_end}"
        self.heading(head, self.opt.heading1_font, first, 0)
        for p in paragraphs:
            self.body(p.text)
        for item in section.items:
            self.item(item)

    def item(self, item: Item) -> None:
        paragraphs = list(item.paragraphs)
        first = paragraphs.pop(0).text if item.inline and paragraphs else None
        font = self.opt.heading2_font if item.marker is Marker.PAREN_HAN else self.opt.body_font
        head = f"{item.number}{item.heading}{item.heading_end}"
        self.heading(head, font, first, OUTLINE_LEVEL.get(item.marker))
        for p in paragraphs:
            self.body(p.text)
        for child in item.children:
            self.item(child)

    def closing(self, paragraphs: list[Paragraph]) -> None:
        for i, p in enumerate(paragraphs):
            if i and _is_sign_line(p.text):
                self.sign_line(p.text)
            else:
                self.body(p.text)


def _is_sign_line(text: str) -> bool:
    return bool(_SIGN_LINE.match(text)) or (len(text) <= 30 and not _SENTENCE_END.search(text))


def _set_outline_level(paragraph: DocxParagraph, level: int) -> None:
    """w:outlineLvl, so Word's navigation pane lists the headings."""
    ppr = paragraph._p.get_or_add_pPr()
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    ppr.append(outline)


def _page_setup(document: DocxDocument, options: ExportOptions) -> None:
    section = document.sections[0]
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(options.margin_top_mm)
    section.bottom_margin = Mm(options.margin_bottom_mm)
    section.left_margin = Mm(options.margin_left_mm)
    section.right_margin = Mm(options.margin_right_mm)


def _is_empty(report: Report) -> bool:
    return (
        not report.title
        and not any(p.text.strip() for p in report.all_paragraphs())
        and not (report.sections)
    )


def export_docx(report: Report, options: ExportOptions) -> bytes:
    """The finished .docx as bytes."""
    if _is_empty(report):
        raise UnusableInputError("文稿是空的，没有可以导出的内容。")
    document = Document()
    for paragraph in list(document.paragraphs):  # the template's empty first paragraph
        paragraph._p.getparent().remove(paragraph._p)
    _page_setup(document, options)
    setup_styles(
        document,
        options.body_font,
        options.latin_font,
        SIZE_3,
        round(options.line_spacing_pt * 20),
    )
    set_theme_font_lang(document)
    writer = _Writer(document, options)
    writer.title_block(report)
    for p in report.opening:
        writer.body(p.text)
    for section in report.sections:
        writer.section(section)
    writer.closing(report.closing)
    setup_page_numbers(document, options)
    writer.fonts_used.add(options.page_number_font)
    buffer = io.BytesIO()
    document.save(buffer)
    return finalize_package(buffer.getvalue(), writer.fonts_used)

"""Page numbers "— 1 —": a PAGE field in the footers, odd right / even left or centred."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import _Footer
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from bot.export.fonts import style_run
from bot.export.options import SIZE_4, ExportOptions

DASH_LEFT = "— "  # 一字线 (U+2014) and a half-width space
DASH_RIGHT = " —"
RULE_BELOW_TEXT_MM = 7.0  # GB/T 9704 7.5: the rule sits 7 mm below the text area


def add_page_field(run: Run) -> None:
    """Append begin / instrText PAGE / separate / placeholder / end to a run."""
    r = run._r
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    r.append(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    r.append(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    r.append(separate)
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    r.append(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    r.append(end)


def _page_number_paragraph(footer: _Footer, align: str, options: ExportOptions) -> Paragraph:
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing = Pt(SIZE_4 * 1.2)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    one_char = Pt(SIZE_4)  # 空一字: one 4号 character
    if align == "right":
        fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.right_indent = one_char
    elif align == "left":
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
        fmt.left_indent = one_char
    else:
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font = options.page_number_font  # 半角宋体: digits in the same face
    for piece in (DASH_LEFT, None, DASH_RIGHT):
        run = paragraph.add_run(piece or "")
        style_run(run, font, font, SIZE_4)
        if piece is None:
            add_page_field(run)
    return paragraph


def setup_page_numbers(document: DocxDocument, options: ExportOptions) -> None:
    section = document.sections[0]
    line_mm = SIZE_4 * 1.2 * 25.4 / 72
    distance = options.margin_bottom_mm - RULE_BELOW_TEXT_MM - line_mm
    section.footer_distance = Mm(max(distance, 5.0))
    if options.page_numbers == "center":
        document.settings.odd_and_even_pages_header_footer = False
        _page_number_paragraph(section.footer, "center", options)
        return
    # The document-level switch; section.odd_and_even_pages_header_footer is ignored.
    document.settings.odd_and_even_pages_header_footer = True
    _page_number_paragraph(section.footer, "right", options)
    _page_number_paragraph(section.even_page_footer, "left", options)

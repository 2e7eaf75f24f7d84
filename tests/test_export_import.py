"""Word files coming in: automatic numbering, tables, tracked changes, round trips."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from bot.errors import UnusableInputError
from bot.export.docx_reader import docx_to_text
from bot.export.docx_writer import export_docx
from bot.export.numbering import format_number
from bot.export.options import ExportOptions
from bot.export.read import read_document_bytes
from bot.report import Report, parse_report

FIXTURES = Path(__file__).parent / "fixtures" / "docx"

# Word's own multilevel list for 公文 headings: 一、 / （一） / 1. / （1）
NUMBERING = f"""<w:abstractNum {nsdecls("w")} w:abstractNumId="7">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:suff w:val="nothing"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:suff w:val="nothing"/><w:lvlText w:val="（%4）"/></w:lvl>
</w:abstractNum>"""
NUM = f'<w:num {nsdecls("w")} w:numId="3"><w:abstractNumId w:val="7"/></w:num>'


def _numbered_docx(lines: list[tuple[int | None, str]]) -> bytes:
    """A document whose (level, text) lines use Word automatic numbering (None: plain)."""
    document = Document()
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(NUMBERING))
    numbering.append(parse_xml(NUM))
    for level, text in lines:
        paragraph = document.add_paragraph(text)
        if level is not None:
            num_pr = parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="3"/></w:numPr>'
            )
            paragraph._p.get_or_add_pPr().append(num_pr)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


WORD_LINES: list[tuple[int | None, str]] = [
    (None, "2025年度党支部工作总结"),
    (None, "现将一年来的工作总结如下。"),
    (0, "主要工作"),
    (1, "加强政治建设。全年集中学习12次。"),
    (1, "规范组织生活"),
    (2, "三会一课。按时召开支委会12次。"),
    (3, "主题党日。每月开展一次。"),
    (3, "谈心谈话。覆盖全体党员。"),
    (2, "发展党员。发展预备党员2名。"),
    (0, "存在的问题"),
    (1, "学习深度不够。"),
    (0, "下一步打算"),
    (None, "持续抓好党员教育管理。"),
]


def test_word_automatic_numbering_becomes_visible_text() -> None:
    lines = docx_to_text(_numbered_docx(WORD_LINES)).splitlines()
    assert "一、主要工作" in lines
    assert "（一）加强政治建设。全年集中学习12次。" in lines
    assert "（二）规范组织生活" in lines
    assert "1. 三会一课。按时召开支委会12次。" in lines
    assert "（1）主题党日。每月开展一次。" in lines
    assert "（2）谈心谈话。覆盖全体党员。" in lines
    assert "2. 发展党员。发展预备党员2名。" in lines  # deeper counter does not leak
    assert "二、存在的问题" in lines
    assert "（一）学习深度不够。" in lines  # restarts under a new level-1 heading
    assert "三、下一步打算" in lines


def test_numbered_word_file_parses_into_sections() -> None:
    report = parse_report(docx_to_text(_numbered_docx(WORD_LINES)))
    assert [s.heading for s in report.sections] == ["主要工作", "存在的问题", "下一步打算"]
    work = report.sections[0]
    assert [i.number for i in work.items] == ["（一）", "（二）"]
    assert [c.number for c in work.items[1].children] == ["1.", "2."]
    assert [c.number for c in work.items[1].children[0].children] == ["（1）", "（2）"]


def test_numbering_from_paragraph_style() -> None:
    document = Document()
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(NUMBERING))
    numbering.append(parse_xml(NUM))
    style = document.styles["Heading 1"]
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="3"/></w:numPr>')
    )
    document.add_paragraph("履职情况", style="Heading 1")
    document.add_paragraph("正文。")
    document.add_paragraph("存在的问题", style="Heading 1")
    buffer = io.BytesIO()
    document.save(buffer)
    assert docx_to_text(buffer.getvalue()).splitlines() == [
        "一、履职情况",
        "正文。",
        "二、存在的问题",
    ]


def test_libreoffice_written_file_round_trips_into_sections() -> None:
    data = (FIXTURES / "libreoffice_numbered.docx").read_bytes()
    text = read_document_bytes(data, "libreoffice_numbered.docx")
    report = parse_report(text)
    assert report.title == "2025年上半年党支部工作总结"
    assert [f"{s.number}、{s.heading}" for s in report.sections] == [
        "一、主要工作",
        "二、存在的问题",
        "三、下一步打算",
    ]
    assert [i.number for i in report.sections[0].items] == ["（一）", "（二）"]
    assert "项目\t次数" in text.splitlines()


def test_tables_come_out_as_rows_in_document_order() -> None:
    document = Document()
    document.add_paragraph("表格前的段落。")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [["项目", "计划", "完成"], ["集中学习", "12", "12"], ["党课", "4", ""]]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    merged = table.cell(2, 1).merge(table.cell(2, 2))
    merged.text = "4"
    document.add_paragraph("表格后的段落。")
    buffer = io.BytesIO()
    document.save(buffer)
    assert docx_to_text(buffer.getvalue()).splitlines() == [
        "表格前的段落。",
        "项目\t计划\t完成",
        "集中学习\t12\t12",
        "党课\t4",
        "表格后的段落。",
    ]


def test_tracked_deletions_are_left_out_and_insertions_kept() -> None:
    document = Document()
    paragraph = document.add_paragraph("全年开展")
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>十</w:delText></w:r></w:del>'
        )
    )
    paragraph._p.append(
        parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>十二</w:t></w:r></w:ins>')
    )
    paragraph.add_run("次学习。")
    buffer = io.BytesIO()
    document.save(buffer)
    assert docx_to_text(buffer.getvalue()) == "全年开展十二次学习。"


def test_broken_numbering_gives_a_chinese_message_not_a_traceback() -> None:
    document = Document()
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="9"><w:abstractNumId w:val="404"/></w:num>')
    )
    paragraph = document.add_paragraph("没有定义的编号。")
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="x"/><w:numId w:val="9"/></w:numPr>')
    )
    buffer = io.BytesIO()
    document.save(buffer)
    assert docx_to_text(buffer.getvalue()) == "没有定义的编号。"
    with pytest.raises(UnusableInputError, match="损坏"):
        docx_to_text(buffer.getvalue()[:300])


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (12, "chineseCountingThousand", "十二"),
        (3, "taiwaneseCountingThousand", "三"),
        (4, "decimalEnclosedCircle", "④"),
        (2, "ideographTraditional", "乙"),
        (9, "lowerRoman", "ix"),
        (3, "upperLetter", "C"),
        (7, "decimal", "7"),
    ],
)
def test_number_formats(value: int, fmt: str, expected: str) -> None:
    assert format_number(value, fmt) == expected


SOURCE = """2025年度××党支部书记抓基层党建工作述职报告

现将履职情况报告如下。
一、履职情况
（一）强化政治引领。全年组织集中学习12次。
（二）夯实组织基础
1.规范组织生活。严格落实“三会一课”制度。
（1）主题党日。每月开展。
二、存在的问题
一是理论学习深度不够。二是融合不够紧密。
三、下一步打算。持续抓好党员教育管理。
以上述职，请予评议。
"""


def _shape(report: Report) -> list[object]:
    return [
        (s.number, s.heading, s.role, [p.text for p in s.all_paragraphs()],
         [(i.number, i.heading, [c.number for c in i.walk()]) for i in s.items])
        for s in report.sections
    ]  # fmt: skip


def test_export_then_import_gives_the_same_sections() -> None:
    original = parse_report(SOURCE)
    data = export_docx(original, ExportOptions(signature="××党支部书记　张三"))
    again = parse_report(read_document_bytes(data, "导出.docx"))
    assert again.title == original.title  # the hand-broken title is joined back
    assert _shape(again) == _shape(original)
    assert [p.text for p in again.closing] == [p.text for p in original.closing]

"""The exported .docx, read back the way Word would: page, fonts, spacing, footers."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from bot.config import ExportSettings
from bot.errors import UnusableInputError
from bot.export.docx_writer import export_docx
from bot.export.options import ExportOptions, format_date
from bot.export.title import break_title
from bot.report import Report, parse_report

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

SAMPLE = """2025年度××党支部书记抓基层党建工作述职报告

根据上级党委要求，现将本人2025年度履行基层党建工作第一责任人职责情况报告如下。
一、履职情况
（一）强化政治引领。全年组织集中学习12次，讲专题党课2次。
（二）夯实组织基础
1.规范组织生活。严格落实“三会一课”制度，召开支部委员会会议【待补充：次数】次。
（1）主题党日。每月开展主题党日活动。
党员参与率达到98%。
二、存在的问题
一是理论学习深度不够。二是党建与业务融合不够紧密。
三、下一步打算
持续抓好党员教育管理，推动党建工作再上新台阶。
以上述职，请予评议。
"""


def _export(text: str = SAMPLE, **overrides: object) -> bytes:
    options = ExportOptions.from_settings(
        ExportSettings(),
        signature="××党支部书记　张三",
        date=dt.date(2025, 12, 20),
        **overrides,
    )
    return export_docx(parse_report(text), options)


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return _export()


@pytest.fixture(scope="module")
def doc(docx_bytes: bytes) -> DocxDocument:
    return Document(io.BytesIO(docx_bytes))


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read(name))


def _paragraph(doc: DocxDocument, startswith: str):  # type: ignore[no-untyped-def]
    return next(p for p in doc.paragraphs if p.text.startswith(startswith))


def _east_asia(run) -> str | None:  # type: ignore[no-untyped-def]
    rfonts = run._r.rPr.find(qn("w:rFonts"))
    return None if rfonts is None else rfonts.get(qn("w:eastAsia"))


def test_page_is_a4_with_gbt9704_margins(doc: DocxDocument) -> None:
    s = doc.sections[0]
    measured = [s.page_width, s.page_height, s.top_margin, s.bottom_margin]
    measured += [s.left_margin, s.right_margin]
    assert [round(length.mm, 1) for length in measured] == [210, 297, 37, 35, 28, 26]


def test_body_is_3hao_fangsong_exact_28_95pt_indented_two_chars(doc: DocxDocument) -> None:
    body = _paragraph(doc, "根据上级党委要求")
    fmt = body.paragraph_format
    assert fmt.line_spacing == Pt(28.95)
    spacing = body._p.pPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:line")) == "579"
    assert spacing.get(qn("w:lineRule")) == "exact"
    assert fmt.space_after == 0
    assert fmt.first_line_indent == Pt(32)
    assert fmt.alignment is not None and fmt.alignment.name == "JUSTIFY"
    for run in body.runs:
        assert run.font.size == Pt(16)
        assert _east_asia(run) == "仿宋_GB2312"
        assert run.font.name == "Times New Roman"  # digits and Latin


def test_every_run_and_normal_style_carry_east_asian_font(
    doc: DocxDocument, docx_bytes: bytes
) -> None:
    for paragraph in doc.paragraphs:
        for run in paragraph.runs:
            assert _east_asia(run), paragraph.text
    styles = _part(docx_bytes, "word/styles.xml")
    normal = styles.find(f"{W}style[@{W}styleId='Normal']")
    assert normal is not None
    assert normal.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "仿宋_GB2312"
    assert normal.find(f"{W}rPr/{W}lang").get(f"{W}eastAsia") == "zh-CN"
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == "仿宋_GB2312"
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"
    assert defaults.find(f"{W}sz").get(f"{W}val") == "32"
    spacing = styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}spacing")
    assert spacing.get(f"{W}after") == "0"


def test_no_theme_font_attributes_anywhere(docx_bytes: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zf:
        for name in zf.namelist():
            if name.startswith("word/") and name.endswith(".xml") and "theme/" not in name:
                xml = zf.read(name).decode("utf-8")
                assert not re.search(r"w:\w+Theme=", xml), name
                assert "w:cstheme=" not in xml, name


def test_heading_fonts_follow_levels(doc: DocxDocument) -> None:
    level1 = _paragraph(doc, "一、履职情况")
    assert {_east_asia(r) for r in level1.runs} == {"黑体"}
    assert level1.paragraph_format.keep_with_next is True
    level2 = _paragraph(doc, "（二）夯实组织基础")
    assert {_east_asia(r) for r in level2.runs} == {"楷体_GB2312"}
    assert level2.paragraph_format.keep_with_next is True
    level3 = _paragraph(doc, "1.规范组织生活")
    assert _east_asia(level3.runs[0]) == "仿宋_GB2312"
    level4 = _paragraph(doc, "（1）主题党日")
    assert _east_asia(level4.runs[0]) == "仿宋_GB2312"
    for p in (level1, level2, level3, level4):
        assert all(r.font.size == Pt(16) for r in p.runs)


def test_inline_heading_then_body_in_fangsong_same_paragraph(doc: DocxDocument) -> None:
    p = _paragraph(doc, "（一）强化政治引领。")
    assert p.text == "（一）强化政治引领。全年组织集中学习12次，讲专题党课2次。"
    assert p.runs[0].text == "（一）强化政治引领。"
    assert _east_asia(p.runs[0]) == "楷体_GB2312"
    assert "".join(r.text for r in p.runs[1:]) == "全年组织集中学习12次，讲专题党课2次。"
    assert {_east_asia(r) for r in p.runs[1:]} == {"仿宋_GB2312"}


def test_placeholder_is_kept_visible_and_highlighted(doc: DocxDocument) -> None:
    p = _paragraph(doc, "1.规范组织生活")
    marked = [r for r in p.runs if r.text == "【待补充：次数】"]
    assert marked and marked[0].font.highlight_color is not None


def test_title_centred_2hao_and_broken_at_a_word_boundary(doc: DocxDocument) -> None:
    title = doc.paragraphs[0]
    assert title.alignment is not None and title.alignment.name == "CENTER"
    lines = title.text.split("\n")
    assert lines == ["2025年度××党支部书记", "抓基层党建工作述职报告"]
    texts = [r for r in title.runs if r.text]
    assert {_east_asia(r) for r in texts} == {"方正小标宋简体"}
    assert {r.font.size for r in texts} == {Pt(22)}


def test_signature_and_date_lines_under_title(doc: DocxDocument) -> None:
    signature, date = doc.paragraphs[1], doc.paragraphs[2]
    assert signature.text == "××党支部书记　张三"
    assert date.text == "2025年12月20日"
    for p in (signature, date):
        assert p.alignment is not None and p.alignment.name == "CENTER"
        assert {_east_asia(r) for r in p.runs} == {"楷体_GB2312"}


def test_without_date_and_signature_when_switched_off() -> None:
    doc = Document(io.BytesIO(_export(with_date=False, with_signature=False)))
    texts = [p.text for p in doc.paragraphs]
    assert "2025年12月20日" not in texts
    assert "××党支部书记　张三" not in texts


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 12, 20), "2025年12月20日"),
        (dt.date(2026, 1, 5), "2026年1月5日"),
        (dt.date(2025, 10, 1), "2025年10月1日"),
    ],
)
def test_date_has_no_leading_zeros(day: dt.date, expected: str) -> None:
    assert format_date(day) == expected


def test_odd_even_footers_with_page_field(doc: DocxDocument, docx_bytes: bytes) -> None:
    settings = _part(docx_bytes, "word/settings.xml")
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    section = doc.sections[0]
    for footer, align, indent in (
        (section.footer, "RIGHT", "right_indent"),
        (section.even_page_footer, "LEFT", "left_indent"),
    ):
        p = footer.paragraphs[0]
        assert p.alignment is not None and p.alignment.name == align
        assert getattr(p.paragraph_format, indent) == Pt(14)  # 空一字
        xml = etree.tostring(p._p, encoding="unicode")
        assert "PAGE" in "".join(p._p.itertext()) or " PAGE " in xml
        kinds = [e.get(qn("w:fldCharType")) for e in p._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert [i.text for i in p._p.iter(qn("w:instrText"))] == [" PAGE "]
        assert p.text.startswith("— ") and p.text.endswith(" —")
        for run in p.runs:
            assert run.font.size == Pt(14)
            assert _east_asia(run) == "宋体"


def test_centred_page_numbers_option() -> None:
    data = _export(page_numbers="center")
    assert _part(data, "word/settings.xml").find(f"{W}evenAndOddHeaders") is None
    doc = Document(io.BytesIO(data))
    p = doc.sections[0].footer.paragraphs[0]
    assert p.alignment is not None and p.alignment.name == "CENTER"
    assert [i.text for i in p._p.iter(qn("w:instrText"))] == [" PAGE "]


def test_font_table_names_alternates(docx_bytes: bytes) -> None:
    fonts = _part(docx_bytes, "word/fontTable.xml")
    alts = {
        f.get(f"{W}name"): f.find(f"{W}altName").get(f"{W}val")
        for f in fonts.findall(f"{W}font")
        if f.find(f"{W}altName") is not None
    }
    assert alts["仿宋_GB2312"] == "仿宋"
    assert alts["楷体_GB2312"] == "楷体"
    assert alts["方正小标宋简体"] == "方正小标宋_GBK"


def test_house_variant_line_spacing_and_margins() -> None:
    data = _export(line_spacing_pt=28, margin_bottom_mm=27)
    doc = Document(io.BytesIO(data))
    assert round(doc.sections[0].bottom_margin.mm, 1) == 27
    body = _paragraph(doc, "根据上级党委要求")
    assert body._p.pPr.find(qn("w:spacing")).get(qn("w:line")) == "560"


def test_every_source_paragraph_is_in_the_document(doc: DocxDocument) -> None:
    exported = "\n".join(p.text.replace("\n", "") for p in doc.paragraphs)
    for line in SAMPLE.splitlines():
        if line.strip():
            assert line.strip() in exported, line


def test_seed_reports_export_completely(seeds_dir) -> None:  # type: ignore[no-untyped-def]
    from bot.export.read import read_document

    for path in sorted(seeds_dir.glob("*.txt"))[:2]:
        report = parse_report(read_document(path))
        doc = Document(io.BytesIO(export_docx(report, ExportOptions())))
        exported = "".join(p.text.replace("\n", "") for p in doc.paragraphs)
        for paragraph in report.all_paragraphs():
            assert paragraph.text in exported


def test_empty_report_is_refused_in_chinese() -> None:
    with pytest.raises(UnusableInputError, match="空"):
        export_docx(Report(), ExportOptions())


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("述职报告", ["述职报告"]),
        ("2023年度机关支部书记抓党建工作述职报告", ["2023年度机关支部书记", "抓党建工作述职报告"]),
        (
            "中共某某市财政局机关第一党支部2025年上半年工作总结",
            ["中共某某市财政局机关第一党支部", "2025年上半年工作总结"],
        ),
    ],
)
def test_long_titles_break_at_natural_places(title: str, lines: list[str]) -> None:
    assert break_title(title) == lines
    assert all(len(line) <= 20 for line in lines)

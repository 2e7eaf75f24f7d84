"""Explicit fonts on runs and styles (python-docx writes only w:ascii/w:hAnsi by itself).

Every run gets `w:eastAsia` (the Chinese face), `w:ascii`/`w:hAnsi` (digits and Latin) and
`w:hint="eastAsia"` (so shared characters such as “” use the Chinese face); theme font
attributes are removed because, where present, they win over explicit names.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt
from docx.text.run import Run

THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# Alternate names written to the font table (ISO/IEC 29500 17.8.3.1 w:altName): Word
# tries them when the primary font is missing.
# The attribute holds one name; the title's second choice (宋体) is in the fontconfig
# aliases for LibreOffice (config/fontconfig/99-gongwen-aliases.conf).
FONT_ALT_NAMES: dict[str, str] = {
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "方正小标宋简体": "方正小标宋_GBK",
    "方正小标宋_GBK": "宋体",
    "黑体": "SimHei",
    "楷体": "KaiTi",
    "仿宋": "FangSong",
    "宋体": "SimSun",
}


def _ensure_rfonts(rpr: BaseOxmlElement) -> BaseOxmlElement:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    return rfonts


def set_rpr_fonts(rpr: BaseOxmlElement, east: str, latin: str) -> None:
    """Explicit East Asian and Latin font names on an rPr element, theme links removed."""
    rfonts = _ensure_rfonts(rpr)
    for attr in THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:hint"), "eastAsia")


def style_run(run: Run, east: str, latin: str, size_pt: float, bold: bool = False) -> None:
    set_rpr_fonts(run._r.get_or_add_rPr(), east, latin)
    run.font.size = Pt(size_pt)
    run.font.bold = bold


def strip_theme_fonts(root: BaseOxmlElement) -> None:
    """Remove every *Theme font attribute below `root` (styles, docDefaults)."""
    for rfonts in root.iter(qn("w:rFonts")):
        for attr in THEME_ATTRS:
            rfonts.attrib.pop(qn(attr), None)


def set_lang(rpr: BaseOxmlElement) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.attrib.pop(qn("w:bidi"), None)


def setup_styles(
    document: DocxDocument, east: str, latin: str, size_pt: float, line_twips: int
) -> None:
    """docDefaults and Normal: Chinese body font, zh-CN, exact spacing, nothing after."""
    styles = document.styles.element
    strip_theme_fonts(styles)
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = _child(defaults, "w:rPrDefault")
    rpr = _child(rpr_default, "w:rPr")
    set_rpr_fonts(rpr, east, latin)
    half_points = str(round(size_pt * 2))
    for tag in ("w:sz", "w:szCs"):
        _child(rpr, tag).set(qn("w:val"), half_points)
    set_lang(rpr)
    ppr_default = _child(defaults, "w:pPrDefault")
    ppr = _child(ppr_default, "w:pPr")
    spacing = _child(ppr, "w:spacing")
    spacing.attrib.clear()
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(line_twips))
    spacing.set(qn("w:lineRule"), "exact")

    normal = document.styles["Normal"]
    normal.font.size = Pt(size_pt)
    normal_rpr = normal.element.get_or_add_rPr()
    set_rpr_fonts(normal_rpr, east, latin)
    set_lang(normal_rpr)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(line_twips / 20)
    fmt.widow_control = True


def _child(parent: BaseOxmlElement, tag: str) -> BaseOxmlElement:
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def set_theme_font_lang(document: DocxDocument) -> None:
    """settings.xml w:themeFontLang eastAsia → zh-CN (the template says ja-JP)."""
    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def font_table_entry(name: str, alt_name: str | None) -> BaseOxmlElement:
    """A w:font for a Chinese face: its alternate name and the GB2312 charset."""
    font = OxmlElement("w:font")
    font.set(qn("w:name"), name)
    if alt_name:
        alt = OxmlElement("w:altName")
        alt.set(qn("w:val"), alt_name)
        font.append(alt)
    charset = OxmlElement("w:charset")
    charset.set(qn("w:val"), "86")  # GB2312
    font.append(charset)
    family = OxmlElement("w:family")
    family.set(qn("w:val"), "modern" if "黑" in name else "roman")
    font.append(family)
    pitch = OxmlElement("w:pitch")
    pitch.set(qn("w:val"), "variable")
    font.append(pitch)
    return font

"""Final touches on the saved .docx package that python-docx has no API for.

- word/fontTable.xml: an entry with w:altName for each Chinese face used, so Word on a
  machine without 仿宋_GB2312 / 楷体_GB2312 / 方正小标宋简体 picks the right family.
- word/stylesWithEffects.xml: theme font attributes removed, like styles.xml.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]

from bot.export.fonts import FONT_ALT_NAMES, font_table_entry, strip_theme_fonts

FONT_TABLE = "word/fontTable.xml"
STYLES_WITH_EFFECTS = "word/stylesWithEffects.xml"


def _font_table(xml: bytes, fonts: Iterable[str]) -> bytes:
    root = etree.fromstring(xml)
    existing = {f.get(qn("w:name")): f for f in root.findall(qn("w:font"))}
    for name in fonts:
        alt = FONT_ALT_NAMES.get(name)
        font = existing.get(name)
        if font is None:
            root.append(font_table_entry(name, alt))
        elif alt and font.find(qn("w:altName")) is None:
            font.insert(0, font_table_entry(name, alt).find(qn("w:altName")))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _strip_themes(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    strip_theme_fonts(root)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def finalize_package(data: bytes, fonts: Iterable[str]) -> bytes:
    """Rewrite the parts listed above; every other part is copied unchanged."""
    wanted = sorted(set(fonts))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == FONT_TABLE:
                blob = _font_table(blob, wanted)
            elif info.filename == STYLES_WITH_EFFECTS:
                blob = _strip_themes(blob)
            dst.writestr(info, blob)
    return out.getvalue()

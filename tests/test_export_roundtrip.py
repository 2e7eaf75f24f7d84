"""A .docx written by LibreOffice goes through import → tighten → export and keeps its shape."""

from __future__ import annotations

from pathlib import Path

from bot.config import ExportSettings
from bot.export.docx_writer import export_docx
from bot.export.options import ExportOptions
from bot.export.read import read_document_bytes
from bot.report import count_chars, parse_report
from bot.writer.kinds import load_formulations, load_kinds
from bot.writer.offline import OfflineWriter
from bot.writer.prompts import PromptStore

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "docx" / "libreoffice_numbered.docx"


async def test_libreoffice_docx_import_tighten_export() -> None:
    prompts = ROOT / "prompts"
    writer = OfflineWriter(PromptStore(prompts), load_kinds(prompts), load_formulations(prompts))
    imported = read_document_bytes(FIXTURE.read_bytes(), FIXTURE.name)
    before = parse_report(imported)

    tightened = await writer.tighten(imported, max(100, count_chars(imported) * 8 // 10))
    data = export_docx(parse_report(tightened.text), ExportOptions.from_settings(ExportSettings()))

    after = parse_report(read_document_bytes(data, "精炼稿.docx"))
    assert after.title == before.title
    assert [(s.number, s.heading) for s in after.sections] == [
        (s.number, s.heading) for s in before.sections
    ]
    assert [i.number for i in after.sections[0].items] == [
        i.number for i in before.sections[0].items
    ]
    assert count_chars(after.to_text()) <= count_chars(before.to_text())

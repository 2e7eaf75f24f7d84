"""Render the exported .docx through LibreOffice and look at the PDF (pdfinfo, pdffonts).

Skipped where LibreOffice or poppler-utils is missing (CI installs neither); see
docs/word-export.md for the local set-up.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.export.docx_writer import export_docx
from bot.export.options import ExportOptions
from bot.export.pdf import docx_to_pdf, find_soffice
from bot.export.read import read_document
from bot.report import parse_report

ALIASES = (
    Path(__file__).resolve().parent.parent / "config" / "fontconfig" / "99-gongwen-aliases.conf"
)
SYSTEM_FONTS_CONF = Path("/etc/fonts/fonts.conf")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed"),
    pytest.mark.skipif(
        not all(shutil.which(t) for t in ("pdfinfo", "pdffonts", "pdftotext")),
        reason="poppler-utils (pdfinfo/pdffonts/pdftotext) is not installed",
    ),
]


def _has_font(family: str) -> bool:
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", family], capture_output=True, text=True, check=False)
    return bool(out.stdout.strip())


@pytest.fixture
def fontconfig_with_aliases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point fontconfig at the system config plus the project's alias file."""
    if not SYSTEM_FONTS_CONF.is_file():
        return
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <include>{SYSTEM_FONTS_CONF}</include>\n  <include>{ALIASES}</include>\n"
        f"  <cachedir>{tmp_path / 'fc-cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))


def _pdf(tmp_path: Path, text: str) -> Path:
    report = parse_report(text)
    options = ExportOptions(signature="××党支部书记　张三", date=dt.date(2025, 12, 20))
    docx = tmp_path / "report.docx"
    docx.write_bytes(export_docx(report, options))
    return docx_to_pdf(docx, tmp_path)


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def _page_text(pdf: Path, page: int) -> str:
    args = ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_sample_report_renders_with_page_numbers_and_fonts(
    tmp_path: Path, seeds_dir: Path, fontconfig_with_aliases: None
) -> None:
    seed = sorted(seeds_dir.glob("001_*.txt"))[0]
    pdf = _pdf(tmp_path, read_document(seed))
    pages = _pages(pdf)
    assert 3 <= pages <= 10, pages  # about 4,000 字 at 22 lines × 27 characters
    first = _page_text(pdf, 1)
    assert "述职报告" in first
    assert re.search(r"—\s*1\s*—", first)
    assert re.search(r"—\s*2\s*—", _page_text(pdf, 2))
    info = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    fonts = {line.split()[0].split("+")[-1] for line in info.stdout.splitlines()[2:]}
    assert fonts, "no fonts embedded"
    if os.environ.get("FONTCONFIG_FILE") and all(
        _has_font(f) for f in ("FandolFang", "FandolKai", "FandolHei")
    ):
        # 仿宋 body, 楷体 level 2 and 署名, 黑体 level 1: three different faces
        assert {"FandolFang-Regular", "FandolKai-Regular", "FandolHei-Regular"} <= fonts


def test_short_report_is_one_page(tmp_path: Path) -> None:
    text = "2025年上半年党支部工作总结\n\n一、主要工作\n开展集中学习6次。\n"
    pdf = _pdf(tmp_path, text)
    assert _pages(pdf) == 1
    assert re.search(r"—\s*1\s*—", _page_text(pdf, 1))


def test_libreoffice_resaved_export_round_trips(tmp_path: Path, seeds_dir: Path) -> None:
    """Export → LibreOffice saves it as .docx → import → the same sections."""
    soffice = find_soffice()
    assert soffice is not None
    seed = sorted(seeds_dir.glob("001_*.txt"))[0]
    report = parse_report(read_document(seed))
    exported = tmp_path / "export.docx"
    exported.write_bytes(export_docx(report, ExportOptions()))
    out_dir = tmp_path / "resaved"
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         "docx:MS Word 2007 XML", "--outdir", str(out_dir), str(exported)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    again = parse_report(read_document(out_dir / "export.docx"))
    assert again.title == report.title
    assert [(s.number, s.heading) for s in again.sections] == [
        (s.number, s.heading) for s in report.sections
    ]
    assert [p.text for p in again.all_paragraphs()] == [p.text for p in report.all_paragraphs()]

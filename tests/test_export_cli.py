"""`python -m bot export`: what a user typing the command sees."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from bot.cli.main import main

TEXT = """2025年上半年党支部工作总结

一、主要工作
（一）加强理论学习。开展集中学习6次。
二、下一步打算
继续抓好各项工作。
"""


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "总结.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_export_writes_docx_with_signature_and_date(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out" / "总结.docx"
    code = main(
        [
            "export",
            str(source),
            "-o",
            str(out),
            "--signature",
            "某党支部　李四",
            "--date",
            "2026-01-05",
        ]
    )
    assert code == 0
    assert "已导出 Word 文档" in capsys.readouterr().out
    texts = [p.text for p in Document(io.BytesIO(out.read_bytes())).paragraphs]
    assert texts[:3] == ["2025年上半年党支部工作总结", "某党支部　李四", "2026年1月5日"]
    assert "（一）加强理论学习。开展集中学习6次。" in texts


def test_no_date_and_line_spacing(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.docx"
    assert main(["export", str(source), "-o", str(out), "--no-date", "--line-spacing", "28"]) == 0
    doc = Document(io.BytesIO(out.read_bytes()))
    assert not any(p.text.endswith("日") and "年" in p.text for p in doc.paragraphs)
    body = next(p for p in doc.paragraphs if p.text == "继续抓好各项工作。")
    assert body.paragraph_format.line_spacing is not None
    assert round(body.paragraph_format.line_spacing.pt, 2) == 28


def test_default_output_name_next_to_source(source: Path) -> None:
    assert main(["export", str(source)]) == 0
    assert source.with_suffix(".docx").is_file()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--date", "2025-13-01"], "日期格式不对"),
        (["--line-spacing", "50"], "行距应在"),
    ],
)
def test_bad_options_say_why_in_chinese(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    assert main(["export", str(source), "-o", str(tmp_path / "x.docx"), *extra]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_unusable_input_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "旧.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert main(["export", str(bad), "-o", str(tmp_path / "x.docx")]) == 2
    assert "另存为" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "无此文件.txt")]) == 2
    assert "找不到文件" in capsys.readouterr().err


def test_pdf_without_libreoffice_keeps_docx_and_explains(
    source: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    out = tmp_path / "b.docx"
    assert main(["export", str(source), "-o", str(out), "--pdf"]) == 1
    assert out.is_file()
    assert "未找到 LibreOffice" in capsys.readouterr().err

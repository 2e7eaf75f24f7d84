"""`python -m bot check`: human and JSON output, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli.main import main

CASES = Path(__file__).parent / "review_cases"


def test_json_lists_findings_with_exact_spans(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "draft.txt"
    doc.write_text("2023年度述职报告\r\n深刻领悟“两个确定”的决定性意义。\r\n", encoding="utf-8")
    assert main(["check", str(doc), "--json", "--no-samples"]) == 1
    data = json.loads(capsys.readouterr().out)
    text = "2023年度述职报告\n深刻领悟“两个确定”的决定性意义。\n"
    assert [d["text"] for d in data] == ["两个确定"]
    assert set(data[0]) == {
        "category",
        "rule",
        "start",
        "end",
        "text",
        "message",
        "suggestion",
        "severity",
    }
    assert text[data[0]["start"] : data[0]["end"]] == "两个确定"


def test_human_output_groups_by_category_with_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "draft.txt"
    doc.write_text("工作总结\n召开民主生活会次，截止目前完成。\n", encoding="utf-8")
    assert main(["check", str(doc), "--no-samples"]) == 1
    out = capsys.readouterr().out
    assert "【提法】1处" in out and "【占位符】1处" in out
    assert "第2行第8列" in out  # 次
    assert "建议：截至" in out
    assert out.strip().splitlines()[-1].startswith("共2处：错误2处")


def test_clean_report_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(CASES / "clean_shuzhi_2025.txt")]) == 0
    assert "未发现问题" in capsys.readouterr().out


def test_notes_and_year_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "draft.txt"
    doc.write_text(
        "工作总结\n扎实开展党纪学习教育，召开支委会12次，发展党员3名。\n", encoding="utf-8"
    )
    notes = tmp_path / "notes.txt"
    notes.write_text("支委会12次", encoding="utf-8")
    code = main(
        ["check", str(doc), "--year", "2023", "--notes", str(notes), "--json", "--no-samples"]
    )
    rules = [d["rule"] for d in json.loads(capsys.readouterr().out)]
    assert rules == ["提法.campaign-future", "数字.unverified"]
    assert code == 1


def test_unusable_input_exits_two_with_a_chinese_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["check", str(empty)]) == 2
    assert "文件是空的" in capsys.readouterr().err
    bad_lexicon = tmp_path / "bad.toml"
    bad_lexicon.write_text("[[rule]]\nid = 1\n", encoding="utf-8")
    doc = tmp_path / "ok.txt"
    doc.write_text("工作总结\n内容。\n", encoding="utf-8")
    assert main(["check", str(doc), "--lexicon", str(bad_lexicon)]) == 2
    assert "提法词表" in capsys.readouterr().err

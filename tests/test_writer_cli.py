"""`python -m bot draft|tighten|problems|samples` with no key (the offline writer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.main import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def offline_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "LLM_MODEL", "BOT_CONFIG", "LLM__PROVIDER"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PROMPTS_DIR", str(ROOT / "prompts"))
    monkeypatch.setenv("SAMPLES_DIR", str(ROOT / "prompts" / "samples"))


def test_draft_offline_writes_report_and_lists_questions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("全年组织集体学习24次。\n开展警示教育。\n问题：研讨不深。\n", "utf-8")
    out = tmp_path / "out.txt"
    code = main(["draft", str(notes), "--period", "2025年度", "--chars", "1500", "-o", str(out)])
    assert code == 0
    text = out.read_text("utf-8")
    assert text.startswith("2025年度抓基层党建工作述职报告\n")
    assert "集体学习24次" in text and "离线草稿" not in text
    err = capsys.readouterr().err
    assert "离线草稿" in err and "请补充以下" in err and "用时" in err
    assert "完成" in err  # per-section progress


def test_empty_notes_file_is_a_chinese_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "empty.txt"
    notes.write_text("", "utf-8")
    assert main(["draft", str(notes)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and ("空" in err or "没有" in err)


def test_problems_and_tighten_offline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "p.txt"
    notes.write_text("学习不够深入\n融合不够紧密\n原因：认识不到位\n", "utf-8")
    out = tmp_path / "p_out.txt"
    assert main(["problems", str(notes), "--with-causes", "-o", str(out)]) == 0
    assert "产生以上问题的原因：一是认识不到位。" in out.read_text("utf-8")
    long = tmp_path / "long.txt"
    long.write_text(
        "一、履职情况\n（一）学习。切实认真扎实组织集体学习24次。不断积极推动学习。\n", "utf-8"
    )
    assert main(["tighten", str(long), "--chars", "100", "-o", str(tmp_path / "t.txt")]) == 0


def test_samples_add_then_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sample = tmp_path / "mine.txt"
    sample.write_text(
        "述职报告\n\n现将情况报告如下。\n一、履职情况\n（一）抓学习。" + "组织学习研讨。" * 40,
        "utf-8",
    )
    assert main(["samples", "add", str(sample), "--period", "2025年度"]) == 0
    capsys.readouterr()
    assert main(["samples", "list"]) == 0
    listed = capsys.readouterr().out
    assert "u001" in listed and "s000" in listed

"""The terminal chat as a user runs it: `python -m bot chat` with piped stdin."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = "\n".join(
    [
        "1",  # 新建述职报告
        "2025年度",
        "XX区医疗保障局党支部书记",
        "2",  # 3000字
        "1",  # 本人
        "带头学习贯彻党的二十大精神，全年专题研究党建工作4次。",
        "组织集体学习12次，专题研讨4次。",
        *["跳过"] * 4,
        "3",  # a suggested problem
        "1",  # 完成
        "跳过",
        "跳过",
        "1",  # 确认，生成提纲
        "1",  # 确认，开始起草
        "/export",
        "/quit",
        "",
    ]
)


def _run(tmp_path: Path, stdin: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path / "data"),
        "PROMPTS_DIR": str(ROOT / "prompts"),
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--user", "tester"],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_terminal_chat_drafts_and_exports_with_piped_stdin(tmp_path: Path) -> None:
    result = _run(tmp_path, SCRIPT)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[1] 新建述职报告" in out
    assert "（1/9）政治建设" in out
    assert "第1版" in out and "特此报告" in out
    exported = list((tmp_path / "data" / "exports").glob("*.docx"))
    assert len(exported) == 1 and exported[0].read_bytes().startswith(b"PK")
    assert str(exported[0]) in out
    assert "再见" in out


@pytest.mark.slow
def test_terminal_chat_resumes_after_restart_and_exits_on_eof(tmp_path: Path) -> None:
    first = _run(tmp_path, "1\n2025年度\nXX区民政局党组书记\n")  # EOF mid-basics
    assert first.returncode == 0, first.stderr
    second = _run(tmp_path, "1\n")  # the menu offers to continue; 1 taps it
    assert "继续上次的基本信息" in second.stdout
    assert "全文大约写多少字" in second.stdout.split("继续上次的基本信息", 1)[1]

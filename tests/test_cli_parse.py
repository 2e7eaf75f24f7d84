"""`python -m bot parse` as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import main


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=60
    )


def test_parse_json_shape(repo_root: Path) -> None:
    sample = next((repo_root / "prompts" / "samples").glob("s004_*.txt"))
    result = _run("parse", str(sample), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"title", "chars", "sections"}
    assert data["chars"] > 1500
    first = data["sections"][0]
    assert set(first) == {"number", "heading", "role", "chars", "items"}
    assert (first["number"], first["heading"], first["role"]) == (
        "一",
        "履职工作特色和亮点",
        "work",
    )
    assert first["items"][0] == {
        "number": "1.",
        "heading": "提高政治站位，落实主体责任",
        "chars": first["items"][0]["chars"],
    }
    assert [s["role"] for s in data["sections"]] == ["work", "problems", "plans"]


def test_parse_human_output(capsys: pytest.CaptureFixture[str], seeds_dir: Path) -> None:
    seed = next(seeds_dir.glob("001_*.txt"))
    assert main(["parse", str(seed)]) == 0
    out = capsys.readouterr().out
    assert "标题：2023年度机关支部书记抓党建工作述职报告" in out
    assert "二、存在的主要问题及原因分析" in out


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.txt", "空的"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "old.doc", ".doc"),
        (bytes(range(256)) * 10, "binary.txt", "不是文本"),
    ],
)
def test_unusable_input_exit_2_with_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, name: str, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["parse", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_text_without_numbering_is_best_effort(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("今年做了很多工作。\n明年继续努力。\n", encoding="utf-8")
    assert main(["parse", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sections"] == [] and data["chars"] == 14


def test_two_megabyte_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = "一、履职情况\n" + "（一）加强学习。全年组织集体学习12次，开展研讨交流4次。\n" * 20
    path = tmp_path / "big.txt"
    path.write_text(line * 1300, encoding="utf-8")
    assert path.stat().st_size > 2_000_000
    assert main(["parse", str(path), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["sections"]) == 1300


def test_help_lists_commands() -> None:
    result = _run("--help")
    assert result.returncode == 0
    assert "parse" in result.stdout and "述职助手" in result.stdout

"""`python -m bot chat` — the dialog engine in a terminal.

Buttons are shown as numbered choices (typing the number taps the button; free text
still works). Works with piped stdin (no TTY), exits on EOF, Ctrl-C, /quit or 退出.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
from pathlib import Path
from typing import Any, cast

from rich.console import Console

from bot.config import Settings
from bot.dialog.events import (
    Button,
    ButtonEvent,
    CommandEvent,
    DocumentReply,
    Event,
    FileEvent,
    ProgressReply,
    Reply,
    ReportReply,
    TextEvent,
    TextReply,
    UserRef,
)
from bot.dialog.factory import open_engine
from bot.errors import UserFacingError
from bot.report import count_chars

log = logging.getLogger(__name__)
QUIT_WORDS = frozenset({"/quit", "/exit", "退出", "quit", "exit"})
MULTILINE = '"""'
_STATUS = {"started": "开始", "writing": "撰写中", "done": "完成", "failed": "失败"}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("chat", help="在终端里对话写稿（未配置模型时使用离线写作）")
    p.add_argument("--user", default=None, help="用户名（默认为本机登录名）")
    p.set_defaults(handler=run)


class Terminal:
    """Presents replies and turns typed lines into events."""

    def __init__(self, console: Console, exports_dir: Path) -> None:
        self.console = console
        self.exports_dir = exports_dir
        self.buttons: list[Button] = []

    async def emit(self, reply: Reply) -> None:
        if isinstance(reply, TextReply):
            self._text(reply.text, reply.buttons)
        elif isinstance(reply, ReportReply):
            self.console.rule(f"第{reply.version}版　{count_chars(reply.text)}字")
            self.console.print(reply.text, markup=False, highlight=False)
            self.console.rule()
            self._text("", reply.buttons)
        elif isinstance(reply, ProgressReply):
            extra = f"（{reply.chars}字）" if reply.status == "done" and reply.chars else ""
            self.console.print(
                f"［{reply.index + 1}/{reply.total}］{reply.heading}：{_STATUS[reply.status]}{extra}",
                markup=False,
                highlight=False,
            )
        elif isinstance(reply, DocumentReply):
            self.exports_dir.mkdir(parents=True, exist_ok=True)
            path = self.exports_dir / Path(reply.filename).name
            path.write_bytes(reply.data)
            self._text(f"{reply.caption}\n文件已保存：{path}", [])

    def _text(self, text: str, rows: list[list[Button]]) -> None:
        if text:
            self.console.print(text, markup=False, highlight=False)
        flat = [b for row in rows for b in row]
        if flat:
            self.buttons = flat
            for i, b in enumerate(flat, start=1):
                self.console.print(f"  [{i}] {b.label}", markup=False, highlight=False)

    def event(self, line: str) -> Event:
        text = line.strip()
        if text.startswith("/file "):
            return self._file(Path(text[6:].strip().strip('"')))
        if text.startswith("/") and len(text) > 1 and text[1:2].isascii():
            name, _, args = text[1:].partition(" ")
            return CommandEvent(name=name, args=args.strip())
        if text.isdigit() and 1 <= int(text) <= len(self.buttons):
            return ButtonEvent(data=self.buttons[int(text) - 1].data)
        candidate = Path(text.strip('"'))
        if text.lower().endswith((".docx", ".txt", ".doc")) and candidate.is_file():
            return self._file(candidate)
        return TextEvent(text=line.rstrip("\n"))

    def _file(self, path: Path) -> Event:
        try:
            return FileEvent(filename=path.name, data=path.read_bytes())
        except OSError:
            return TextEvent(text=f"（无法读取文件：{path}）")


def _read_line() -> str | None:
    line = sys.stdin.readline()
    return None if line == "" else line


async def _read_message(console: Console, interactive: bool) -> str | None:
    if interactive:
        console.print("> ", end="", markup=False)
    line = await asyncio.to_thread(_read_line)
    if line is None or line.strip() != MULTILINE:
        return line
    lines: list[str] = []
    while (more := await asyncio.to_thread(_read_line)) is not None:
        if more.strip() == MULTILINE:
            break
        lines.append(more.rstrip("\n"))
    return "\n".join(lines)


async def chat(settings: Settings, user_name: str, console: Console) -> int:
    async with open_engine(settings) as app:
        user = UserRef(channel="terminal", external_id=user_name, display_name=user_name)
        front = Terminal(console, settings.data_dir / "exports")
        mode = "离线写作，未配置大模型" if app.writer.offline else f"大模型：{app.writer_label}"
        console.print(
            f"述职助手 · 终端对话（{mode}）。输入序号点选，/help 查看命令，/quit 退出；"
            f"粘贴多行文字时，先单独输入一行 {MULTILINE}，粘贴完再输入一行 {MULTILINE}。",
            markup=False,
            highlight=False,
        )
        await app.engine.handle(user, CommandEvent(name="start"), front.emit)
        interactive = sys.stdin.isatty()
        while (line := await _read_message(console, interactive)) is not None:
            if line.strip() in QUIT_WORDS:
                break
            if not interactive and line.strip():
                console.print(f"> {line.strip()}", markup=False, highlight=False)
            await app.engine.handle(user, front.event(line), front.emit)
        console.print("再见！您的内容都已保存，下次运行会从这里继续。", markup=False)
        return 0


def run(args: argparse.Namespace, settings: Settings) -> int:
    console = Console(highlight=False, soft_wrap=True)
    user_name = cast(str | None, args.user) or _os_user()
    try:
        return asyncio.run(chat(settings, user_name, console))
    except KeyboardInterrupt:
        console.print("\n已退出。您的内容都已保存。", markup=False)
        return 0
    except UserFacingError as exc:
        print(exc.message, file=sys.stderr)
        return 2


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "local"


__all__: list[Any] = ["register", "run"]

"""`python -m bot` — one entry point, sub-commands registered from their own modules.

Each command module exposes `register(subparsers)`; the parser it adds sets
`handler(args, settings) -> int`. Add a new command by listing its module below.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Protocol, cast

from bot import __version__
from bot.config import Settings, load_settings

# Order is the order shown in --help.
COMMAND_MODULES: tuple[str, ...] = (
    "bot.cli.run_cmd",
    "bot.cli.chat_cmd",
    "bot.cli.draft_cmd",
    "bot.cli.check_cmd",
    "bot.cli.parse_cmd",
    "bot.cli.export_cmd",
    "bot.cli.samples_cmd",
)

Handler = Callable[[argparse.Namespace, Settings], int]


class CommandModule(Protocol):
    def register(self, subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None: ...


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="述职助手：帮助撰写抓基层党建工作述职报告、党支部工作总结。",
        epilog="不带子命令运行时：设置了 BOT_TOKEN 则启动 Telegram 机器人，否则启动终端对话。",
    )
    parser.add_argument("--version", action="version", version=f"述职助手 {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="输出调试日志")
    subparsers = parser.add_subparsers(dest="command", metavar="命令")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # not built yet
                continue
            raise
        cast(CommandModule, module).register(subparsers)
    return parser


def default_command(settings: Settings, parser: argparse.ArgumentParser) -> list[str] | None:
    """What `python -m bot` with no sub-command does (the README's `make run`)."""
    choices = _subcommand_names(parser)
    if settings.telegram_configured and "run" in choices:
        return ["run"]
    if "chat" in choices:
        return ["chat"]
    return None


def _subcommand_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    settings = load_settings()
    if not [a for a in args_list if not a.startswith("-")]:
        fallback = default_command(settings, parser)
        if fallback is None or any(a in ("-h", "--help", "--version") for a in args_list):
            if not args_list:
                parser.print_help()
                return 0
        else:
            args_list = fallback + args_list
    args = parser.parse_args(args_list)
    # The bot logs at the configured level; batch commands and the chat stay quiet
    # (their own output is the interface) unless -v is given.
    quiet = getattr(args, "command", None) != "run"
    level = "DEBUG" if args.verbose else ("WARNING" if quiet else settings.log_level.upper())
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    handler = cast(Handler | None, getattr(args, "handler", None))
    if handler is None:
        parser.print_help()
        return 0
    return handler(args, settings)

"""Buttons and fixed phrases shared by several flows."""

from __future__ import annotations

from bot.dialog.events import Button

MENU = "menu"
RETRY = "retry"


def btn(label: str, data: str) -> Button:
    return Button(label=label, data=data)


def column(*buttons: Button) -> list[list[Button]]:
    """One button per row."""
    return [[b] for b in buttons]


def row(*buttons: Button) -> list[list[Button]]:
    return [list(buttons)]


def draft_actions() -> list[list[Button]]:
    return [
        [btn("修改", "act:revise"), btn("精炼", "act:tighten"), btn("扩写", "act:expand")],
        [btn("导出 Word", "act:export"), btn("重新生成", "act:regen")],
        [btn("版本记录", "act:versions"), btn("返回菜单", MENU)],
    ]


HELP_TEXT = (
    "我可以帮您写抓基层党建工作述职报告和党支部工作总结。\n"
    "常用命令：\n"
    "/start 或 /menu —— 回到主菜单\n"
    "/cancel —— 暂停当前操作（已填写的内容会保留）\n"
    "/undo —— 撤销上一次修改\n"
    "/export —— 导出当前文稿\n"
    "/drafts —— 我的文稿\n"
    "/usage —— 今天的用量\n"
    "/forget —— 删除我的全部数据\n"
    "看到稿子后，直接用一句话告诉我怎么改，例如“把（三）压缩到300字”“开头换一种写法”。"
)

QUOTA_REACHED = (
    "今日用量已达上限，请明天再试；您的内容都已保存，明天点“继续”或发送 /help 即可接着来。"
    "发送 /usage 可以查看用量。"
)

LLM_FAILED = "生成时出了点问题，已填写的内容都已保存。可以点“重试”再来一次。"

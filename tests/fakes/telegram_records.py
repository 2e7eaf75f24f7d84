"""What the fake Bot API records, and the test user who talks to the bot."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tests.fakes.telegram_html import parse_html

if TYPE_CHECKING:
    from tests.fakes.telegram_server import FakeTelegram


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


@dataclass(frozen=True)
class FloodRule:
    """More than `limit` sends+edits+drafts in `window` seconds → 429 for `retry_after` s."""

    limit: int
    window: float = 1.0
    retry_after: int = 1


@dataclass
class Call:
    method: str
    params: dict[str, str]
    status: int = 200
    description: str = ""
    at: float = field(default_factory=time.monotonic)


@dataclass
class SentMessage:
    chat_id: int
    message_id: int
    text: str  # the current text as the bot sent it (raw HTML)
    parse_mode: str | None
    markup: dict[str, Any] | None
    history: list[str] = field(default_factory=list)  # earlier texts, oldest first

    @property
    def visible(self) -> str:
        return parse_html(self.text) if self.parse_mode == "HTML" else self.text

    @property
    def buttons(self) -> list[list[tuple[str, str]]]:
        rows = (self.markup or {}).get("inline_keyboard", [])
        return [[(b["text"], b.get("callback_data", "")) for b in row] for row in rows]

    @property
    def labels(self) -> list[str]:
        return [label for row in self.buttons for label, _ in row]


@dataclass
class SentDocument:
    chat_id: int
    message_id: int
    filename: str
    data: bytes
    caption: str


@dataclass
class StoredFile:
    file_id: str
    data: bytes
    size: int
    path: str


class TestUser:
    """A person in the chat: sends messages, taps buttons, uploads files."""

    __test__ = False  # not a pytest test class

    def __init__(self, server: FakeTelegram, user_id: int, name: str) -> None:
        self.server = server
        self.id = user_id
        self.name = name

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "is_bot": False, "first_name": self.name, "language_code": "zh-hans"}

    async def send_text(self, chat_id: int, text: str) -> int:
        extra: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            length = len(text.split()[0])
            extra["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return self.server.user_message(self, chat_id, extra)

    async def send_message(self, chat_id: int, **content: Any) -> int:
        """Any other content, e.g. `photo=[…]` or `sticker={…}`."""
        return self.server.user_message(self, chat_id, content)

    async def send_document(
        self, chat_id: int, filename: str, data: bytes, *, size: int | None = None
    ) -> int:
        """Upload a file; `size` overrides the declared size (to fake a huge file)."""
        stored = self.server.store_file(data, filename, size)
        document = {
            "file_id": stored.file_id,
            "file_unique_id": "u" + stored.file_id,
            "file_name": filename,
            "file_size": stored.size,
        }
        return self.server.user_message(self, chat_id, {"document": document})

    async def press_stop(self, chat_id: int) -> int:
        """Press Stop under the newest draft that shows the button; returns its draft id."""
        drafts = [d for d in self.server.drafts(chat_id) if d["can_stop"]]
        if not drafts:
            raise AssertionError(f"no draft with a Stop button in chat {chat_id}")
        draft_id = int(drafts[-1]["draft_id"])
        self.server.stop_generation(chat_id, draft_id)
        return draft_id

    async def click(self, chat_id: int, message_id: int, callback_data: str) -> str:
        message = self.server.message(chat_id, message_id)
        datas = [data for row in message.buttons for _, data in row]
        if callback_data not in datas:
            raise AssertionError(f"no button {callback_data!r} on message {message_id}: {datas}")
        return self.server.callback(self, message, callback_data)

    async def click_label(self, chat_id: int, label: str) -> str:
        """Tap the button labelled `label` on the newest message that has it."""
        for message in reversed(self.server.messages(chat_id)):
            for row in message.buttons:
                for text, data in row:
                    if text == label:
                        return self.server.callback(self, message, data)
        raise AssertionError(f"no button labelled {label!r} in chat {chat_id}")

"""A fake Telegram Bot API on 127.0.0.1 that the real aiogram client talks to.

aiogram reaches it through `AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url))`.
It validates what Telegram validates (text length after entity parsing, HTML that
Telegram's parser accepts, "message is not modified", a per-chat flood rule answered
with 429 + retry_after), records every call, and offers a test-user API:

    fake = FakeTelegram()
    await fake.start()
    user = fake.user(1001, "张书记")
    await user.send_text(1001, "你好")
    await fake.wait_messages(1001, 1)
    fake.messages(1001)[0].visible
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.fakes.telegram_html import EntityError, parse_html, utf16_len
from tests.fakes.telegram_records import (
    ApiError,
    Call,
    FloodRule,
    SentDocument,
    SentMessage,
    StoredFile,
    TestUser,
)

__all__ = [
    "Call",
    "EntityError",
    "FakeTelegram",
    "FloodRule",
    "SentDocument",
    "SentMessage",
    "TestUser",
    "parse_html",
]

DEFAULT_TOKEN = "123456:TEST-fake-token"
BOT_USER: dict[str, Any] = {
    "id": 123456,
    "is_bot": True,
    "first_name": "述职助手",
    "username": "shuzhi_test_bot",
}
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
DOWNLOAD_LIMIT = 20 * 1024 * 1024
FLOODED_METHODS = frozenset({"sendmessage", "editmessagetext", "senddocument", "sendmessagedraft"})


class FakeTelegram:
    def __init__(self, token: str = DEFAULT_TOKEN, flood: FloodRule | None = None) -> None:
        self.token = token
        self.flood = flood
        self.drafts_supported = True  # False: sendMessageDraft answers 400, as for old bots
        self.calls: list[Call] = []
        self.answered: list[dict[str, str]] = []
        self.commands: list[dict[str, Any]] = []
        self.webhooks: list[dict[str, str]] = []
        self._updates: list[dict[str, Any]] = []
        self._delivered = 0  # the last update_id handed to the bot
        self._update_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._messages: dict[int, list[SentMessage]] = defaultdict(list)
        self._documents: dict[int, list[SentDocument]] = defaultdict(list)
        self._drafts: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self._actions: dict[int, list[str]] = defaultdict(list)
        self._files: dict[str, StoredFile] = {}
        self._flood_log: dict[int, deque[float]] = defaultdict(deque)
        self._blocked_until: dict[int, float] = {}
        self._new_update = asyncio.Event()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # ----- lifecycle -------------------------------------------------------------------
    async def start(self) -> FakeTelegram:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_download)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        self._closing.set()
        self._new_update.set()
        if self._runner is not None:
            await self._runner.cleanup()

    # ----- test-side API ---------------------------------------------------------------
    def user(self, user_id: int, name: str = "测试用户") -> TestUser:
        return TestUser(self, user_id, name)

    def messages(self, chat_id: int) -> list[SentMessage]:
        return list(self._messages[chat_id])

    def message(self, chat_id: int, message_id: int) -> SentMessage:
        for m in self._messages[chat_id]:
            if m.message_id == message_id:
                return m
        raise AssertionError(f"the bot sent no message {message_id} to chat {chat_id}")

    def documents(self, chat_id: int) -> list[SentDocument]:
        return list(self._documents[chat_id])

    def drafts(self, chat_id: int) -> list[dict[str, Any]]:
        return list(self._drafts[chat_id])

    def actions(self, chat_id: int) -> list[str]:
        return list(self._actions[chat_id])

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    @property
    def delivered_count(self) -> int:
        """Updates the bot has fetched."""
        return sum(1 for u in self._updates if u["update_id"] <= self._delivered)

    @property
    def undelivered(self) -> int:
        """Updates the bot has not fetched yet."""
        return sum(1 for u in self._updates if u["update_id"] > self._delivered)

    @property
    def errors(self) -> list[Call]:
        return [c for c in self.calls if c.status != 200]

    async def wait_for(
        self, predicate: Callable[[], bool], within: float = 5.0, what: str = "condition"
    ) -> None:
        deadline = time.monotonic() + within
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; calls: {self._summary()}")
            await asyncio.sleep(0.01)

    async def wait_messages(
        self, chat_id: int, count: int, within: float = 5.0
    ) -> list[SentMessage]:
        await self.wait_for(
            lambda: len(self._messages[chat_id]) >= count, within, f"{count} messages"
        )
        return self.messages(chat_id)

    async def wait_polling(self, within: float = 5.0) -> None:
        await self.wait_for(lambda: bool(self.calls_of("getUpdates")), within, "getUpdates")

    def _summary(self) -> str:
        return ", ".join(f"{c.method}:{c.status}" for c in self.calls[-20:])

    # ----- user-side events ------------------------------------------------------------
    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _chat(self, chat_id: int, user: TestUser | None = None) -> dict[str, Any]:
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": user.name if user else "用户"}
        return {"id": chat_id, "type": "supergroup", "title": "测试党支部群"}

    def _push(self, update: dict[str, Any]) -> None:
        update["update_id"] = next(self._update_ids)
        self._updates.append(update)
        self._new_update.set()

    def user_message(self, user: TestUser, chat_id: int, content: dict[str, Any]) -> int:
        message_id = self._next_message_id(chat_id)
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat(chat_id, user),
            "from": user.as_dict(),
            **content,
        }
        self._push({"message": message})
        return message_id

    def callback(self, user: TestUser, message: SentMessage, data: str) -> str:
        query_id = f"cb{next(self._update_ids)}"
        self._push(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user.as_dict(),
                    "chat_instance": f"ci{message.chat_id}",
                    "message": self._bot_message_dict(message),
                    "data": data,
                }
            }
        )
        return query_id

    def stop_generation(self, chat_id: int, draft_id: int) -> None:
        """The user pressed Stop under a streamed draft (Bot API 10.3)."""
        chat = self._chat(chat_id)
        self._push({"stopped_message_generation": {"chat": chat, "draft_id": draft_id}})

    def store_file(self, data: bytes, filename: str, size: int | None) -> StoredFile:
        file_id = f"F{next(self._file_ids)}"
        ext = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
        stored = StoredFile(file_id, data, len(data) if size is None else size, "")
        stored.path = f"documents/file_{file_id}.{ext}"
        self._files[file_id] = stored
        return stored

    # ----- HTTP ------------------------------------------------------------------------
    async def _handle_download(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        path = request.match_info["path"]
        for stored in self._files.values():
            if stored.path == path:
                return web.Response(body=stored.data)
        return web.Response(status=404)

    async def _handle_method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params, files = await _read_params(request)
        call = Call(method, params)
        self.calls.append(call)
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            handler = getattr(self, f"_m_{method.lower()}", None)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            self._check_flood(method.lower(), params)
            result = handler(params, files)
            if asyncio.iscoroutine(result):
                result = await result
        except ApiError as exc:
            call.status, call.description = exc.code, exc.description
            body: dict[str, Any] = {
                "ok": False,
                "error_code": exc.code,
                "description": exc.description,
            }
            if exc.retry_after is not None:
                body["parameters"] = {"retry_after": exc.retry_after}
            return web.json_response(body, status=exc.code)
        return web.json_response({"ok": True, "result": result})

    def _check_flood(self, method: str, params: dict[str, str]) -> None:
        if self.flood is None or method not in FLOODED_METHODS:
            return
        chat_id = int(params.get("chat_id", "0"))
        now = time.monotonic()
        blocked = self._blocked_until.get(chat_id, 0.0)
        if now < blocked:
            wait = max(1, round(blocked - now + 0.499))
            raise ApiError(429, f"Too Many Requests: retry after {wait}", wait)
        log = self._flood_log[chat_id]
        while log and log[0] <= now - self.flood.window:
            log.popleft()
        if len(log) >= self.flood.limit:
            self._blocked_until[chat_id] = now + self.flood.retry_after
            wait = self.flood.retry_after
            raise ApiError(429, f"Too Many Requests: retry after {wait}", wait)
        log.append(now)

    # ----- methods ---------------------------------------------------------------------
    def _m_getme(self, params: dict[str, str], files: dict[str, Any]) -> Any:
        return BOT_USER

    def _m_deletewebhook(self, params: dict[str, str], files: dict[str, Any]) -> Any:
        return True

    def _m_setwebhook(self, params: dict[str, str], files: dict[str, Any]) -> Any:
        self.webhooks.append(params)
        return True

    def _m_setmycommands(self, params: dict[str, str], files: dict[str, Any]) -> Any:
        commands = json.loads(params.get("commands", "[]"))
        for c in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", c["command"]):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(c["description"]) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands = commands
        return True

    def _m_sendchataction(self, params: dict[str, str], files: dict[str, Any]) -> Any:
        self._actions[int(params["chat_id"])].append(params["action"])
        return True

    def _m_answercallbackquery(self, params: dict[str, str], files: dict[str, Any]) -> Any:
        self.answered.append(params)
        return True

    async def _m_getupdates(self, params: dict[str, str], files: dict[str, Any]) -> Any:
        offset = int(params.get("offset", "0") or 0)
        limit = int(params.get("limit", "100") or 100)
        timeout = float(params.get("timeout", "0") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and timeout > 0 and not self._closing.is_set():
            self._new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), timeout)
        batch = self._updates[:limit]
        if batch:
            self._delivered = max(self._delivered, batch[-1]["update_id"])
        return batch

    def _validated_text(self, params: dict[str, str], key: str, limit: int, empty_ok: bool) -> str:
        raw = params.get(key, "")
        visible = raw
        if params.get("parse_mode") == "HTML":
            try:
                visible = parse_html(raw)
            except EntityError as exc:
                raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
        visible = visible.strip()
        if not visible and not empty_ok:
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(visible) > limit:
            what = "message caption is too long" if key == "caption" else "message is too long"
            raise ApiError(400, f"Bad Request: {what}")
        return visible

    def _bot_message_dict(self, message: SentMessage) -> dict[str, Any]:
        result: dict[str, Any] = {
            "message_id": message.message_id,
            "date": int(time.time()),
            "chat": self._chat(message.chat_id),
            "from": BOT_USER,
            "text": message.visible,
        }
        if message.markup:
            result["reply_markup"] = message.markup
        return result

    def _m_sendmessage(self, params: dict[str, str], files: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        self._validated_text(params, "text", TEXT_LIMIT, empty_ok=False)
        markup = json.loads(params["reply_markup"]) if "reply_markup" in params else None
        message = SentMessage(
            chat_id,
            self._next_message_id(chat_id),
            params["text"],
            params.get("parse_mode"),
            markup,
        )
        self._messages[chat_id].append(message)
        return self._bot_message_dict(message)

    def _m_editmessagetext(self, params: dict[str, str], files: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        message = next(
            (m for m in self._messages[chat_id] if m.message_id == int(params["message_id"])),
            None,
        )
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        self._validated_text(params, "text", TEXT_LIMIT, empty_ok=False)
        markup = json.loads(params["reply_markup"]) if "reply_markup" in params else None
        if params["text"] == message.text and markup == message.markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        message.history.append(message.text)
        message.text, message.markup = params["text"], markup
        message.parse_mode = params.get("parse_mode")
        return self._bot_message_dict(message)

    def _m_sendmessagedraft(self, params: dict[str, str], files: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        if chat_id < 0:
            raise ApiError(400, "Bad Request: chat is not a private chat")
        if not self.drafts_supported:
            raise ApiError(400, "Bad Request: method is available only for bots with forum mode")
        draft_id = int(params.get("draft_id", "0") or 0)
        if draft_id == 0:
            raise ApiError(400, "Bad Request: draft_id must be non-zero")
        text = self._validated_text(params, "text", TEXT_LIMIT, empty_ok=True)
        can_stop = params.get("can_stop", "").lower() == "true"
        self._drafts[chat_id].append({"draft_id": draft_id, "text": text, "can_stop": can_stop})
        return True

    def _m_senddocument(self, params: dict[str, str], files: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        ref = params.get("document", "")
        upload = files.get(ref.removeprefix("attach://")) if ref.startswith("attach://") else None
        upload = upload or files.get("document")
        if upload is None:
            raise ApiError(400, "Bad Request: there is no document in the request")
        filename, data = upload
        caption = self._validated_text(params, "caption", CAPTION_LIMIT, empty_ok=True)
        message_id = self._next_message_id(chat_id)
        self._documents[chat_id].append(SentDocument(chat_id, message_id, filename, data, caption))
        stored = self.store_file(data, filename, None)
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": BOT_USER,
            "document": {
                "file_id": stored.file_id,
                "file_unique_id": "u" + stored.file_id,
                "file_name": filename,
                "file_size": len(data),
            },
        }

    def _m_getfile(self, params: dict[str, str], files: dict[str, Any]) -> Any:
        stored = self._files.get(params.get("file_id", ""))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        if stored.size > DOWNLOAD_LIMIT:
            raise ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": "u" + stored.file_id,
            "file_size": stored.size,
            "file_path": stored.path,
        }


async def _read_params(
    request: web.Request,
) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    """aiogram posts multipart forms (nested objects as JSON strings); accept JSON too."""
    params: dict[str, str] = {}
    files: dict[str, tuple[str, bytes]] = {}
    if request.content_type == "application/json":
        body = await request.json()
        for key, value in body.items():
            params[key] = value if isinstance(value, str) else json.dumps(value)
        return params, files
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            files[key] = (value.filename, value.file.read())
        else:
            params[key] = str(value)
    return params, files

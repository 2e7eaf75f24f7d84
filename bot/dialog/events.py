"""What a front sends into the dialog engine, and what it gets back.

Fronts (Telegram, terminal) translate their input into an `Event`, call
`DialogEngine.handle(user, event, emit)`, and present every `Reply` that `emit`
receives, in order. Replies are plain data: no Telegram or terminal types here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Literal

from pydantic import BaseModel, Field


class UserRef(BaseModel):
    """Who is talking: `channel` + `external_id` is unique ("telegram", "12345")."""

    channel: Literal["telegram", "terminal", "test"]
    external_id: str
    display_name: str = ""


class TextEvent(BaseModel):
    kind: Literal["text"] = "text"
    text: str


class ButtonEvent(BaseModel):
    kind: Literal["button"] = "button"
    data: str  # the Button.data that was tapped


class FileEvent(BaseModel):
    kind: Literal["file"] = "file"
    filename: str
    data: bytes


class CommandEvent(BaseModel):
    kind: Literal["command"] = "command"
    name: str  # without the slash: "start", "cancel", "undo", "forget", …
    args: str = ""


Event = Annotated[TextEvent | ButtonEvent | FileEvent | CommandEvent, Field(discriminator="kind")]


class Button(BaseModel):
    label: str  # shown to the user, Chinese
    data: str  # ≤ 64 bytes (Telegram callback_data limit)


class TextReply(BaseModel):
    kind: Literal["text"] = "text"
    text: str  # plain text; the front escapes it
    buttons: list[list[Button]] = Field(default_factory=list)


class ReportReply(BaseModel):
    """A whole draft to show; the front renders it (HTML chunks, terminal text)."""

    kind: Literal["report"] = "report"
    text: str  # plain text of the report
    version: int
    buttons: list[list[Button]] = Field(default_factory=list)


class DocumentReply(BaseModel):
    kind: Literal["document"] = "document"
    filename: str
    data: bytes
    caption: str = ""


class ProgressReply(BaseModel):
    """Per-section progress while drafting; `text` is the section's text so far."""

    kind: Literal["progress"] = "progress"
    index: int
    total: int
    heading: str
    status: Literal["started", "writing", "done", "failed"]
    chars: int = 0
    text: str = ""


Reply = Annotated[
    TextReply | ReportReply | DocumentReply | ProgressReply, Field(discriminator="kind")
]
Emit = Callable[[Reply], Awaitable[None]]

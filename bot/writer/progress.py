"""Per-unit progress events while a section streams: started, writing (n 字), done."""

from __future__ import annotations

from bot.report import count_chars
from bot.writer.models import Progress, ProgressCallback
from bot.writer.plan import Unit

PROGRESS_STEP = 40  # report "writing" progress every this many new characters


class DeltaSink:
    """Collects streamed text of one unit and reports progress every few characters."""

    def __init__(self, progress: UnitProgress) -> None:
        self.progress = progress
        self.text = ""
        self.reported = 0

    def reset(self) -> None:
        self.text = ""
        self.reported = 0

    async def feed(self, piece: str) -> None:
        self.text += piece
        chars = count_chars(self.text)
        if chars - self.reported >= PROGRESS_STEP:
            self.reported = chars
            await self.progress.emit("writing", self.text)


class UnitProgress:
    def __init__(self, unit: Unit, callback: ProgressCallback | None) -> None:
        self.unit = unit
        self.callback = callback
        self.delta = DeltaSink(self)

    async def emit(self, status: str, text: str = "") -> None:
        if self.callback is None:
            return
        await self.callback(
            Progress.model_validate(
                {
                    "index": self.unit.index,
                    "heading": self.unit.heading,
                    "status": status,
                    "chars": count_chars(text),
                    "text": text,
                }
            )
        )

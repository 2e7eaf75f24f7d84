"""Per-export layout options: the house variant from settings plus signature and date."""

from __future__ import annotations

import datetime as dt

from pydantic import ConfigDict

from bot.config import ExportSettings

# Chinese type sizes (号) in points.
SIZE_2 = 22.0  # 2号: title
SIZE_3 = 16.0  # 3号: body, headings, signature
SIZE_4 = 14.0  # 4号: page numbers


class ExportOptions(ExportSettings):
    """Everything the Word writer needs besides the report itself: the house variant
    from settings plus this export's signature and date."""

    model_config = ConfigDict(frozen=True)

    signature: str | None = None  # "××党支部书记　张三"; never invented
    date: dt.date | None = None

    @classmethod
    def from_settings(
        cls,
        settings: ExportSettings,
        *,
        signature: str | None = None,
        date: dt.date | None = None,
        **overrides: object,
    ) -> ExportOptions:
        values: dict[str, object] = settings.model_dump()
        values.update(signature=signature, date=date)
        values.update(overrides)
        return cls.model_validate(values)

    @property
    def signature_line(self) -> str | None:
        if not self.with_signature or not self.signature or not self.signature.strip():
            return None
        return self.signature.strip()

    @property
    def date_line(self) -> str | None:
        if not self.with_date or self.date is None:
            return None
        return format_date(self.date)


def format_date(day: dt.date) -> str:
    """GB/T 9704 7.3.5.4: Arabic numerals, full year, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"

"""Per-export layout options: the house variant from settings plus signature and date."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.config import ExportSettings

# Chinese type sizes (号) in points.
SIZE_2 = 22.0  # 2号: title
SIZE_3 = 16.0  # 3号: body, headings, signature
SIZE_4 = 14.0  # 4号: page numbers


class ExportOptions(BaseModel):
    """Everything the Word writer needs besides the report itself."""

    model_config = ConfigDict(frozen=True)

    line_spacing_pt: float = Field(default=28.95, ge=20, le=40)
    title_line_spacing_pt: float = Field(default=35.0, ge=22, le=60)
    margin_top_mm: float = Field(default=37.0, ge=5, le=80)
    margin_bottom_mm: float = Field(default=35.0, ge=5, le=80)
    margin_left_mm: float = Field(default=28.0, ge=5, le=80)
    margin_right_mm: float = Field(default=26.0, ge=5, le=80)
    body_font: str = "仿宋_GB2312"
    title_font: str = "方正小标宋简体"
    heading1_font: str = "黑体"
    heading2_font: str = "楷体_GB2312"
    signature_font: str = "楷体_GB2312"
    latin_font: str = "Times New Roman"
    page_number_font: str = "宋体"
    with_signature: bool = True
    with_date: bool = True
    page_numbers: Literal["odd_even", "center"] = "odd_even"
    title_max_chars: int = Field(default=20, ge=8, le=40)
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

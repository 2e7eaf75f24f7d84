"""Data passed in and out of the review (审校) rules."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Category = Literal["提法", "占位符", "编号", "标点", "数字", "重复", "结构"]
Severity = Literal["error", "warning", "info"]

CATEGORIES: tuple[Category, ...] = ("提法", "占位符", "编号", "标点", "数字", "重复", "结构")
SEVERITY_RANK: dict[Severity, int] = {"error": 0, "warning": 1, "info": 2}


class Finding(BaseModel):
    """One problem in a document; `text == document[start:end]`."""

    model_config = ConfigDict(frozen=True)

    category: Category
    rule: str
    start: int
    end: int
    text: str
    message: str
    suggestion: str = ""
    severity: Severity = "warning"


class FigureMention(BaseModel):
    """A number with its unit, e.g. "3次", "1.2万元", "五名", "95%"."""

    model_config = ConfigDict(frozen=True)

    value: float  # in the unit's base: 1.2万元 → 12000.0 with unit "元"
    unit: str  # normalised unit: 元, 人, 次, %, ...
    start: int
    end: int
    text: str
    approximate: bool = False  # "余"/"多": 50余名
    arabic: bool = True  # written with Arabic digits

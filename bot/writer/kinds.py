"""Report kinds as data: prompts/kinds/<kind_id>.toml → `KindSpec`.

A kind lists its sections (order, role, share of 字数), the interview topics in
order (question, follow-up hints, default headings), and the opening and closing
forms. Opening/closing forms are Jinja2 strings rendered with the brief's fields.
The year-dependent formulations (guiding phrase, the year's 学习教育) live in
prompts/kinds/formulations.toml so that prompts always use the report year's wording.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.errors import UserFacingError
from bot.report.model import ReportKind, Role

KINDS_DIR = "kinds"
FORMULATIONS_FILE = "formulations.toml"
KIND_IDS: tuple[str, ...] = ("shuzhi", "zongjie_half", "zongjie_year")

SectionStyle = Literal["items", "series"]  # （一）（二）headings, or 一是…二是… paragraphs


class KindError(UserFacingError):
    """A kind file is missing or invalid (a packaging error, reported in Chinese)."""


class Topic(BaseModel):
    """One interview topic: what to ask, what to follow up on, how it is headed."""

    model_config = ConfigDict(extra="forbid")

    key: str  # "理论学习"
    section: str  # SectionSpec.id this topic's facts go to
    question: str  # the main interview question
    hints: list[str] = Field(default_factory=list)  # follow-up hints ("学习了多少次？")
    expects_figures: bool = False  # an answer without any number earns a follow-up
    optional: bool = False
    headings: list[str] = Field(default_factory=list)  # default （一） headings, 8–16 字
    example: str = ""  # a short example answer shown to the user
    keywords: list[str] = Field(default_factory=list)  # to sort free notes into topics


class SectionSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str  # "work", "problems", "plans", "highlights"
    heading: str  # "履职情况"
    role: Role
    share: float = Field(gt=0, le=1)  # share of the body's 字数
    style: SectionStyle = "items"
    with_causes: bool = False  # the section also holds 原因分析
    min_items: int = Field(default=1, ge=1)
    max_items: int = Field(default=6, ge=1)
    lead: str = ""  # a lead sentence (Jinja2) opening the section, may be empty
    empty_hint: str = ""  # what the offline writer asks for when no fact is there


class KindSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str  # "党支部书记抓基层党建工作述职报告"
    kind: ReportKind
    period_kind: Literal["year", "half"]
    default_chars: int = Field(ge=300, le=20000)
    title: str  # Jinja2: "{{ period }}抓基层党建工作述职报告"
    speaker: str  # "本人" / "党支部"
    person: str  # how the writer refers to the subject in prose: "我" or "支部"
    opening: str  # Jinja2
    closing: str  # Jinja2, may be empty
    style_notes: list[str] = Field(default_factory=list)  # for the system prompt
    sections: list[SectionSpec]
    topics: list[Topic]

    @model_validator(mode="after")
    def _consistent(self) -> KindSpec:
        ids = [s.id for s in self.sections]
        if len(set(ids)) != len(ids):
            raise ValueError("section ids must be unique")
        total = sum(s.share for s in self.sections)
        if abs(total - 1.0) > 0.01:
            raise ValueError(f"section shares must add up to 1, got {total:.2f}")
        keys = [t.key for t in self.topics]
        if len(set(keys)) != len(keys):
            raise ValueError("topic keys must be unique")
        for topic in self.topics:
            if topic.section not in ids:
                raise ValueError(f"topic {topic.key} points at unknown section {topic.section}")
        return self

    def section(self, section_id: str) -> SectionSpec:
        return next(s for s in self.sections if s.id == section_id)

    def topic(self, key: str) -> Topic | None:
        return next((t for t in self.topics if t.key == key), None)

    def topics_of(self, section_id: str) -> list[Topic]:
        return [t for t in self.topics if t.section == section_id]

    def section_for_topic(self, key: str) -> SectionSpec:
        """The section a topic's facts go to; unknown topics go to the first section."""
        topic = self.topic(key)
        return self.section(topic.section) if topic else self.sections[0]


class YearFormulations(BaseModel):
    """Wording that depends on the report's year (domain reference §4)."""

    model_config = ConfigDict(extra="forbid")

    from_year: int
    to_year: int
    guiding: str  # "深入贯彻党的二十大和二十届历次全会精神"
    education: str = ""  # the year's 集中学习教育, exact name
    congress: str  # "党的二十大"
    notes: list[str] = Field(default_factory=list)  # outdated forms to avoid that year


class Formulations(BaseModel):
    model_config = ConfigDict(extra="forbid")

    core: list[str]  # fixed formulas quoted exactly (两个确立, 四个意识 …)
    years: list[YearFormulations]

    def for_year(self, year: int | None) -> YearFormulations:
        """The formulations in force in `year` (the latest known when None or later)."""
        ordered = sorted(self.years, key=lambda y: y.from_year)
        if year is None:
            return ordered[-1]
        for entry in ordered:
            if entry.from_year <= year <= entry.to_year:
                return entry
        return ordered[-1] if year > ordered[-1].to_year else ordered[0]


def load_kind(prompts_dir: Path, kind_id: str) -> KindSpec:
    """Read and validate prompts/kinds/<kind_id>.toml."""
    path = prompts_dir / KINDS_DIR / f"{kind_id}.toml"
    if not path.is_file():
        raise KindError(f"找不到文稿类型“{kind_id}”的配置文件（{path}）。")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        spec = KindSpec.model_validate(data)
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise KindError(f"文稿类型配置“{kind_id}”格式有误：{exc}") from exc
    if spec.id != kind_id:
        raise KindError(f"文稿类型配置“{kind_id}”中的 id 与文件名不一致。")
    return spec


def load_kinds(prompts_dir: Path) -> dict[str, KindSpec]:
    """Every shipped kind, keyed by id (loaded once at start-up)."""
    return {kind_id: load_kind(prompts_dir, kind_id) for kind_id in KIND_IDS}


def load_formulations(prompts_dir: Path) -> Formulations:
    path = prompts_dir / KINDS_DIR / FORMULATIONS_FILE
    try:
        return Formulations.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise KindError(f"规范表述配置文件（{path}）无法读取：{exc}") from exc


def kind_id_for(kind: str, period: str) -> str:
    """Map a user's choice ("述职报告"/"工作总结", "2025年上半年") to a kind id."""
    if kind in KIND_IDS:
        return kind
    if "总结" in kind:
        return "zongjie_half" if "半年" in period else "zongjie_year"
    return "shuzhi"

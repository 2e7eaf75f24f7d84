"""Sample reports shipped under prompts/samples/ (and the user's own, added later).

`samples.toml` lists each sample with its kind, period and source, and the known
errors that were fixed in the cleaned text (so exemplars never teach them).
"""

from __future__ import annotations

import tomllib
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from bot.corpus.clean import has_figure_placeholder
from bot.report import Report, Role, parse_report
from bot.report.model import ReportKind

INDEX_FILE = "samples.toml"


class SampleFix(BaseModel):
    model_config = ConfigDict(extra="forbid")

    wrong: str
    right: str
    note: str


class SampleMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    file: str
    kind: ReportKind
    period: str
    year: int
    source: str
    fixes: list[SampleFix] = Field(default_factory=list)


class SampleParagraph(BaseModel):
    """One paragraph of a sample with its role; `placeholders` when a figure is missing."""

    sample_id: str
    role: Role
    section: str  # heading of the top-level section it belongs to ("" for opening/closing)
    text: str
    placeholders: bool


class Sample(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    meta: SampleMeta
    text: str

    @cached_property
    def report(self) -> Report:
        return parse_report(self.text)

    def paragraphs(self) -> list[SampleParagraph]:
        report = self.report
        out: list[SampleParagraph] = []

        def add(text: str, role: Role, section: str) -> None:
            out.append(
                SampleParagraph(
                    sample_id=self.meta.id,
                    role=role,
                    section=section,
                    text=text,
                    placeholders=has_figure_placeholder(text),
                )
            )

        for p in report.opening:
            add(p.text, Role.OPENING, "")
        for section in report.sections:
            for p in section.paragraphs:
                add(p.text, p.role, section.heading)
            for item in section.walk():
                head = item.number + item.heading + item.heading_end
                for i, p in enumerate(item.paragraphs):
                    add(
                        head + p.text if i == 0 and item.inline else p.text, p.role, section.heading
                    )
        for p in report.closing:
            add(p.text, Role.CLOSING, "")
        return out


def load_samples(directory: Path) -> list[Sample]:
    """Load every sample listed in `directory/samples.toml`, in order."""
    index = directory / INDEX_FILE
    data = tomllib.loads(index.read_text(encoding="utf-8"))
    samples: list[Sample] = []
    for raw in data.get("sample", []):
        meta = SampleMeta.model_validate(raw)
        text = (directory / meta.file).read_text(encoding="utf-8")
        samples.append(Sample(meta=meta, text=text))
    return samples

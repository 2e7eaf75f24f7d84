"""The conversation state: where the user is (`step`) and what they have told us (`work`).

`step` is a discriminated union, one small model per step; `work` survives `/cancel`
(it is parked in `paused` and offered back from the menu). The whole object is dumped
to JSON and saved through the store after every change.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from bot.dialog.fact_edit import FixChoice
from bot.writer.models import Brief, Facts, Outline, Question

BasicsField = Literal["period", "unit_role", "target", "target_custom", "speaker"]


class MenuStep(BaseModel):
    name: Literal["menu"] = "menu"


class BasicsStep(BaseModel):
    name: Literal["basics"] = "basics"
    field: BasicsField = "period"


class InterviewStep(BaseModel):
    name: Literal["interview"] = "interview"
    topic: int = 0
    followup: str | None = None  # the follow-up question asked, awaiting its answer
    editing_problem: bool = False  # a suggested problem was picked; the user may edit it


class FactsStep(BaseModel):
    name: Literal["facts"] = "facts"
    correction: str = ""  # a figure correction that matched more than one fact …
    choices: list[FixChoice] = Field(default_factory=list)  # … and the candidates offered


class OutlineStep(BaseModel):
    name: Literal["outline"] = "outline"


class DraftStep(BaseModel):
    """A draft is on screen: free text is a revision or a placeholder answer."""

    name: Literal["draft"] = "draft"
    answering: str | None = None  # placeholder the next text fills


class ClarifyStep(BaseModel):
    name: Literal["clarify"] = "clarify"
    instruction: str
    op: str
    options: list[tuple[str, str]] = Field(default_factory=list)  # (label, target)


class TightenStep(BaseModel):
    name: Literal["tighten"] = "tighten"
    phase: Literal["input", "target", "custom"] = "input"
    text: str = ""


class ProblemsStep(BaseModel):
    name: Literal["problems"] = "problems"
    phase: Literal["input", "causes"] = "input"
    notes: str = ""


class DraftsStep(BaseModel):
    name: Literal["drafts"] = "drafts"
    selected: int | None = None


class ConfirmStep(BaseModel):
    """A yes/no question (forget everything, delete a draft)."""

    name: Literal["confirm"] = "confirm"
    action: Literal["forget", "delete"]
    doc_id: int | None = None


Step = Annotated[
    MenuStep
    | BasicsStep
    | InterviewStep
    | FactsStep
    | OutlineStep
    | DraftStep
    | ClarifyStep
    | TightenStep
    | ProblemsStep
    | DraftsStep
    | ConfirmStep,
    Field(discriminator="name"),
]


class Work(BaseModel):
    """One report in progress: everything the user has told us about it."""

    brief: Brief = Field(default_factory=Brief)
    notes: dict[str, str] = Field(default_factory=dict)  # topic key → answer
    facts: Facts | None = None
    outline: Outline | None = None
    doc_id: int | None = None
    questions: list[Question] = Field(default_factory=list)  # open placeholders
    offline_noted: bool = False  # the user was told what an offline draft is


class Pending(BaseModel):
    """An LLM call that was started; kept so that 重试 can replay it after a failure."""

    action: Literal[
        "extract", "outline", "draft", "revise", "tighten", "expand", "problems", "followup"
    ]
    instruction: str = ""
    target: str | None = None
    target_chars: int | None = None


class DialogState(BaseModel):
    step: Step = Field(default_factory=MenuStep)
    work: Work | None = None
    paused: Step | None = None  # the step /cancel left; offered back from the menu
    paused_work: Work | None = None  # what the user had entered when /cancel was sent
    pending: Pending | None = None  # set before an LLM call, cleared after it succeeds

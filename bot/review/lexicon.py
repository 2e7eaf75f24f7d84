"""The 规范提法 lexicon: data under prompts/lexicon/, compiled once into matchers.

Exact wrong forms go into one Aho-Corasick automaton (pyahocorasick); entries that need
context are regular expressions. A user file in the same format extends the shipped one.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.errors import UnusableInputError
from bot.review.models import Severity

DEFAULT_LEXICON = Path(__file__).resolve().parents[2] / "prompts" / "lexicon" / "formulations.toml"


class LexiconRule(BaseModel):
    """One wrong → right entry of the lexicon file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    wrong: tuple[str, ...] = ()
    pattern: str | None = None
    right: str
    message: str
    severity: Severity = "error"
    from_year: int | None = None
    to_year: int | None = None
    source: str = ""

    @model_validator(mode="after")
    def _has_matcher(self) -> LexiconRule:
        if not self.wrong and not self.pattern:
            raise ValueError(f"rule {self.id!r} needs `wrong` or `pattern`")
        if self.pattern is not None:
            re.compile(self.pattern)
        return self

    def applies(self, year: int | None) -> bool:
        if self.from_year is None and self.to_year is None:
            return True
        if year is None:
            return False
        return (self.from_year or 0) <= year <= (self.to_year or 9999)


class Campaign(BaseModel):
    """A 集中学习教育 and the years it ran."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    pattern: str
    from_year: int
    to_year: int


class LexiconFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: list[LexiconRule] = Field(default_factory=list)
    congresses: dict[str, int] = Field(default_factory=dict)
    plenums: dict[str, int] = Field(default_factory=dict)
    campaign: list[Campaign] = Field(default_factory=list)
    protected: dict[str, list[str]] = Field(default_factory=dict)


@dataclass(frozen=True)
class Match:
    rule: LexiconRule
    start: int
    end: int


@dataclass
class Lexicon:
    """The compiled lexicon. Build it once (`load_lexicon`) and pass it around."""

    rules: tuple[LexiconRule, ...]
    congresses: dict[str, int]
    plenums: dict[str, int]
    campaigns: tuple[Campaign, ...]
    protected: tuple[str, ...]
    _automaton: ahocorasick.Automaton | None = field(default=None, repr=False)
    _patterns: tuple[tuple[LexiconRule, re.Pattern[str]], ...] = field(default=(), repr=False)
    _campaign_res: tuple[tuple[Campaign, re.Pattern[str]], ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        words: dict[str, LexiconRule] = {}
        for rule in self.rules:
            for w in rule.wrong:
                words[w] = rule
        if words:
            automaton = ahocorasick.Automaton()
            for w, rule in words.items():
                automaton.add_word(w, (len(w), rule))
            automaton.make_automaton()
            self._automaton = automaton
        self._patterns = tuple(
            (r, re.compile(r.pattern)) for r in self.rules if r.pattern is not None
        )
        self._campaign_res = tuple((c, re.compile(c.pattern)) for c in self.campaigns)

    def matches(self, text: str, year: int | None) -> Iterator[Match]:
        """Every wrong form in `text` whose rule applies to a report of `year`."""
        if self._automaton is not None:
            for end_index, (length, rule) in self._automaton.iter(text):
                if rule.applies(year):
                    yield Match(rule, end_index + 1 - length, end_index + 1)
        for rule, pattern in self._patterns:
            if not rule.applies(year):
                continue
            for m in pattern.finditer(text):
                if m.end() > m.start():
                    yield Match(rule, m.start(), m.end())

    def campaign_mentions(self, text: str) -> Iterator[tuple[Campaign, re.Match[str]]]:
        for campaign, pattern in self._campaign_res:
            for m in pattern.finditer(text):
                yield campaign, m


def _read(path: Path) -> LexiconFile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise UnusableInputError(f"找不到提法词表文件：{path}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UnusableInputError(f"提法词表文件格式有误（应为 UTF-8 编码的 TOML）：{path}") from exc
    try:
        return LexiconFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UnusableInputError(f"提法词表文件 {path} 中的条目有误（{where}）。") from exc


def build_lexicon(files: Sequence[LexiconFile]) -> Lexicon:
    rules: dict[str, LexiconRule] = {}
    congresses: dict[str, int] = {}
    plenums: dict[str, int] = {}
    campaigns: dict[str, Campaign] = {}
    protected: list[str] = []
    for f in files:
        rules.update((r.id, r) for r in f.rule)
        congresses.update(f.congresses)
        plenums.update(f.plenums)
        campaigns.update((c.name, c) for c in f.campaign)
        protected.extend(t for t in f.protected.get("terms", []) if t not in protected)
    return Lexicon(
        rules=tuple(rules.values()),
        congresses=congresses,
        plenums=plenums,
        campaigns=tuple(campaigns.values()),
        protected=tuple(protected),
    )


def load_lexicon(extra: Iterable[Path] = (), *, base: Path | None = DEFAULT_LEXICON) -> Lexicon:
    """The shipped lexicon plus the user's own files (later files win on the same id)."""
    paths = ([base] if base is not None else []) + list(extra)
    return build_lexicon([_read(p) for p in paths])


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon, compiled on first use and then shared (it is read-only)."""
    return load_lexicon()

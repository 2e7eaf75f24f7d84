"""The review engine: one `Reviewer` built at start-up, called on every draft."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from bot.report.model import ReportKind
from bot.review.context import Reference, ReviewContext, detect_kind, detect_year
from bot.review.copying import CopyIndex, copied_spans, repeated_sentences
from bot.review.figures_rule import check_figures
from bot.review.formulations import check_formulations
from bot.review.lexicon import Lexicon, default_lexicon
from bot.review.models import CATEGORIES, Finding
from bot.review.numbering import check_headings, check_series
from bot.review.placeholders import find_placeholders
from bot.review.punctuation import check_punctuation
from bot.review.structure import check_structure

Rule = Callable[[ReviewContext], Iterable[Finding]]


def _formulations(ctx: ReviewContext) -> Iterable[Finding]:
    return check_formulations(ctx.text, ctx.year, ctx.lexicon)


def _placeholders(ctx: ReviewContext) -> Iterable[Finding]:
    return find_placeholders(ctx.text)


# Every rule, in one place. Copying against the samples is added by the Reviewer.
RULES: tuple[Rule, ...] = (
    _formulations,
    _placeholders,
    check_headings,
    check_series,
    check_punctuation,
    check_figures,
    repeated_sentences,
    check_structure,
)


@dataclass
class Reviewer:
    """Compiled lexicon + an index of the sample reports; reuse it for every document."""

    lexicon: Lexicon
    samples: Sequence[Reference] = ()
    rules: Sequence[Rule] = RULES
    _sample_index: CopyIndex = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sample_index = CopyIndex(self.samples, self.lexicon.protected)

    def review(
        self,
        text: str,
        *,
        year: int | None = None,
        notes: Sequence[str] = (),
        references: Sequence[Reference | str] = (),
        kind: ReportKind | None = None,
    ) -> list[Finding]:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        refs = tuple(
            r if isinstance(r, Reference) else Reference(f"参考材料{i + 1}", r)
            for i, r in enumerate(references)
        )
        ctx = ReviewContext(
            text=text,
            year=year if year is not None else detect_year(text),
            notes="\n".join(notes),
            references=refs,
            kind=None,
            lexicon=self.lexicon,
        )
        ctx.kind = kind if kind is not None else detect_kind(ctx.report, text)
        indexes = [self._sample_index]
        if refs:
            indexes.append(CopyIndex(refs, self.lexicon.protected))
        findings: list[Finding] = []
        for rule in self.rules:
            findings.extend(rule(ctx))
        findings.extend(copied_spans(ctx, indexes))
        return _tidy(findings)


def _tidy(findings: Iterable[Finding]) -> list[Finding]:
    unique: dict[tuple[str, int, int], Finding] = {}
    for f in findings:
        unique.setdefault((f.rule, f.start, f.end), f)
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return sorted(unique.values(), key=lambda f: (f.start, f.end, order[f.category], f.rule))


def review(
    text: str,
    *,
    year: int | None = None,
    notes: Sequence[str] = (),
    references: Sequence[Reference | str] = (),
    kind: ReportKind | None = None,
    lexicon: Lexicon | None = None,
    samples: Sequence[Reference] = (),
) -> list[Finding]:
    """Check one document. For many documents build one `Reviewer` and reuse it."""
    reviewer = Reviewer(lexicon if lexicon is not None else default_lexicon(), samples)
    return reviewer.review(text, year=year, notes=notes, references=references, kind=kind)


def by_category(findings: Iterable[Finding]) -> Iterator[tuple[str, list[Finding]]]:
    for category in CATEGORIES:
        group = [f for f in findings if f.category == category]
        if group:
            yield category, group

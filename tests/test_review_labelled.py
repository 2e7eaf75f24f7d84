"""Recall and false positives of the review engine on the labelled set (pytest -s prints them)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from bot.corpus.samples import load_samples
from bot.review.context import Reference
from bot.review.engine import Reviewer
from bot.review.lexicon import default_lexicon
from bot.review.models import CATEGORIES, Finding

CASES = Path(__file__).parent / "review_cases"
SAMPLES = Path(__file__).parent.parent / "prompts" / "samples"
_MARK = re.compile(r"\[\[(.+?)\|(提法|占位符|编号|标点|数字|重复|结构)\]\]")

MIN_RECALL = 0.95
MAX_FALSE_POSITIVES = 2  # over the whole labelled set
MAX_FALSE_POSITIVES_CLEAN = 1


def strip_marks(marked: str) -> tuple[str, list[tuple[str, int, int]]]:
    out: list[str] = []
    spans: list[tuple[str, int, int]] = []
    pos, length = 0, 0
    for m in _MARK.finditer(marked):
        out.append(marked[pos : m.start()])
        length += m.start() - pos
        spans.append((m.group(2), length, length + len(m.group(1))))
        out.append(m.group(1))
        length += len(m.group(1))
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


@pytest.fixture(scope="module")
def reviewer() -> Reviewer:
    samples = [Reference(s.meta.id, s.text) for s in load_samples(SAMPLES)]
    return Reviewer(default_lexicon(), samples)


def _check(reviewer: Reviewer, path: Path) -> tuple[str, list[Finding]]:
    text, _ = strip_marks(path.read_text(encoding="utf-8"))
    notes_file = path.with_suffix(".notes.txt")
    ref_file = path.with_suffix(".ref.txt")
    notes = [notes_file.read_text(encoding="utf-8")] if notes_file.exists() else []
    refs = (
        [Reference(ref_file.name, ref_file.read_text(encoding="utf-8"))]
        if ref_file.exists()
        else []
    )
    return text, reviewer.review(text, notes=notes, references=refs)


def _overlaps(f: Finding, span: tuple[str, int, int]) -> bool:
    return f.category == span[0] and f.start < span[2] and span[1] < f.end


def test_recall_and_false_positives_per_category(reviewer: Reviewer) -> None:
    expected: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    false_pos: Counter[str] = Counter()
    missed: list[str] = []
    extra: list[str] = []
    for path in sorted(CASES.glob("case*.txt")):
        if path.name.endswith((".notes.txt", ".ref.txt")):
            continue
        text, spans = strip_marks(path.read_text(encoding="utf-8"))
        findings = _check(reviewer, path)[1]
        for f in findings:
            assert text[f.start : f.end] == f.text
        for span in spans:
            expected[span[0]] += 1
            if any(_overlaps(f, span) for f in findings):
                hits[span[0]] += 1
            else:
                missed.append(f"{path.name}: {span[0]} {text[span[1] : span[2]]!r}")
        for f in findings:
            if not any(_overlaps(f, span) for span in spans):
                false_pos[f.category] += 1
                extra.append(f"{path.name}: {f.rule} {f.text!r}")
    print("\n类别    应检出  检出  召回率   误报")
    for c in CATEGORIES:
        if expected[c] or false_pos[c]:
            recall = hits[c] / expected[c] if expected[c] else 1.0
            print(f"{c:<6}{expected[c]:>6}{hits[c]:>6}{recall:>9.1%}{false_pos[c]:>6}")
    total_recall = sum(hits.values()) / sum(expected.values())
    print(
        f"合计  {sum(expected.values()):>6}{sum(hits.values()):>6}{total_recall:>9.1%}"
        f"{sum(false_pos.values()):>6}"
    )
    for line in missed:
        print("  漏检", line)
    for line in extra:
        print("  误报", line)
    assert total_recall >= MIN_RECALL, missed
    for c in CATEGORIES:
        if expected[c]:
            assert hits[c] / expected[c] >= MIN_RECALL - 0.15, (c, missed)
    assert sum(false_pos.values()) <= MAX_FALSE_POSITIVES, extra


def test_clean_report_has_at_most_one_finding(reviewer: Reviewer) -> None:
    for path in sorted(CASES.glob("clean_*.txt")):
        findings = _check(reviewer, path)[1]
        print(f"\n{path.name}: {len(findings)} 处", [(f.rule, f.text) for f in findings])
        assert len(findings) <= MAX_FALSE_POSITIVES_CLEAN, findings

"""Benchmark: checking a 10,000-字 document with a Reviewer built once.

Run: .venv/bin/python bench/bench_review.py [--runs N]
Prints start-up time (lexicon + sample index) and the median / p95 time per check.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bot.corpus.samples import load_samples
from bot.report import count_chars
from bot.review.context import Reference
from bot.review.engine import Reviewer
from bot.review.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "review_cases" / "seeds"
TARGET = 10_000


def build_document() -> str:
    """Seeds (with their real errors) repeated to just over 10,000 字."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    parts: list[str] = []
    i = 0
    while count_chars("\n".join(parts)) < TARGET:
        parts.append(texts[i % len(texts)])
        i += 1
    doc = "\n".join(parts)
    cut, seen = 0, 0
    for cut, ch in enumerate(doc):  # noqa: B007
        seen += ch.isalnum()
        if seen >= TARGET:
            break
    return doc[: cut + 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    t0 = time.perf_counter()
    samples = [Reference(s.meta.id, s.text) for s in load_samples(ROOT / "prompts" / "samples")]
    reviewer = Reviewer(load_lexicon(), samples)
    startup = (time.perf_counter() - t0) * 1000

    doc = build_document()
    notes = ["集中学习9次，专题研讨3次，党员45名，党费12000元。"]
    reviewer.review(doc, notes=notes)  # warm-up
    times: list[float] = []
    findings = 0
    for _ in range(args.runs):
        t = time.perf_counter()
        findings = len(reviewer.review(doc, notes=notes))
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"document: {count_chars(doc)} 字 ({len(doc)} characters), {findings} findings")
    print(f"start-up (lexicon + sample index): {startup:.1f} ms")
    print(
        f"check: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms over {args.runs} runs"
    )


if __name__ == "__main__":
    main()

"""The user's own samples: settings.data_dir/samples/ with its own samples.toml,
in the same format as the shipped corpus, so retrieval uses both."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bot.corpus.clean import normalise_whitespace
from bot.corpus.samples import INDEX_FILE, Sample, SampleMeta, load_samples
from bot.errors import UnusableInputError
from bot.report import parse_report
from bot.report.model import ReportKind

USER_SAMPLES = "samples"
MIN_SAMPLE_CHARS = 200


def user_samples_dir(data_dir: Path) -> Path:
    return data_dir / USER_SAMPLES


def load_all_samples(samples_dir: Path, data_dir: Path) -> list[Sample]:
    """Shipped samples first, then the user's own (when any were added)."""
    samples = load_samples(samples_dir) if (samples_dir / INDEX_FILE).is_file() else []
    own = user_samples_dir(data_dir)
    if (own / INDEX_FILE).is_file():
        samples.extend(load_samples(own))
    return samples


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def add_user_sample(
    data_dir: Path, text: str, *, name: str, kind: ReportKind, period: str
) -> SampleMeta:
    """Clean `text`, store it as the next user sample and list it in the index."""
    cleaned = normalise_whitespace(text)
    report = parse_report(cleaned)
    if len(cleaned) < MIN_SAMPLE_CHARS or not report.sections:
        raise UnusableInputError(
            "这份文稿太短或没有“一、二、三、”式的层次，不适合作为范文。请换一份完整的述职报告或工作总结。"
        )
    directory = user_samples_dir(data_dir)
    directory.mkdir(parents=True, exist_ok=True)
    index = directory / INDEX_FILE
    existing = load_samples(directory) if index.is_file() else []
    sample_id = f"u{len(existing) + 1:03d}"
    stem = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", name)[:40] or "sample"
    filename = f"{sample_id}_{stem}.txt"
    year_match = re.search(r"(20\d\d)", period)
    meta = SampleMeta(
        id=sample_id,
        file=filename,
        kind=kind,
        period=period,
        year=int(year_match.group(1)) if year_match else 0,
        source=f"用户添加的范文：{name}",
    )
    (directory / filename).write_text(cleaned, encoding="utf-8")
    entry = (
        "\n[[sample]]\n"
        f"id = {_toml_str(meta.id)}\nfile = {_toml_str(meta.file)}\n"
        f"kind = {_toml_str(meta.kind)}\nperiod = {_toml_str(meta.period)}\n"
        f"year = {meta.year}\nsource = {_toml_str(meta.source)}\n"
    )
    with index.open("a", encoding="utf-8") as fh:
        fh.write(entry)
    return meta

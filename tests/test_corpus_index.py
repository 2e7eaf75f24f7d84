"""Exemplar retrieval: same role, relevant first, within the token budget, no blanks taught."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus.index import ExemplarIndex
from bot.corpus.samples import load_samples
from bot.corpus.tokenize import WordTokenizer
from bot.corpus.user_samples import add_user_sample, load_all_samples
from bot.errors import UnusableInputError
from bot.llm.tokens import TokenCounter
from bot.report.model import Role

SAMPLES = Path(__file__).resolve().parent.parent / "prompts" / "samples"


@pytest.fixture(scope="module")
def index() -> ExemplarIndex:
    return ExemplarIndex(load_samples(SAMPLES), WordTokenizer())


def test_exemplars_have_the_asked_role_and_fit_the_budget(index: ExemplarIndex) -> None:
    counter = TokenCounter.load()
    picked = index.pick("存在问题 学习不深 两张皮", {Role.PROBLEMS}, 600, counter.count)
    assert picked and all(e.role is Role.PROBLEMS for e in picked)
    assert sum(counter.count(e.text) for e in picked) <= 600


def test_most_relevant_paragraph_comes_first(index: ExemplarIndex) -> None:
    counter = TokenCounter.load()
    picked = index.pick("医保 基金 参保", {Role.WORK}, 2000, counter.count)
    assert "医保" in picked[0].text


def test_blanked_figures_are_never_taught(index: ExemplarIndex) -> None:
    counter = TokenCounter.load()
    for role in (Role.WORK, Role.PROBLEMS, Role.PLANS):
        for e in index.pick("党员 学习 次", {role}, 5000, counter.count, limit=50):
            assert "X次" not in e.text and "**名" not in e.text


def test_zero_budget_gives_no_exemplars(index: ExemplarIndex) -> None:
    assert index.pick("学习", {Role.WORK}, 0, TokenCounter.approximate().count) == []


def test_user_sample_is_added_and_retrieved(tmp_path: Path) -> None:
    text = (
        "2025年度述职报告\n\n根据安排，现将情况报告如下。\n一、履职情况\n"
        "（一）深耕网格治理，织密服务网络。"
        + "依托网格员队伍开展入户走访，网格治理精细化。" * 8
        + "\n二、存在的问题\n一是网格治理创新不足。"
        + "办法不多。" * 10
    )
    meta = add_user_sample(tmp_path, text, name="我的范文", kind="述职报告", period="2025年度")
    assert meta.id == "u001"
    samples = load_all_samples(SAMPLES, tmp_path)
    assert samples[-1].meta.id == "u001"
    index = ExemplarIndex(samples, WordTokenizer())
    picked = index.pick("网格治理", {Role.WORK}, 2000, TokenCounter.approximate().count)
    assert picked[0].sample_id == "u001"


def test_unstructured_user_sample_is_refused_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(UnusableInputError) as info:
        add_user_sample(tmp_path, "太短了", name="x", kind="述职报告", period="")
    assert "不适合作为范文" in info.value.message

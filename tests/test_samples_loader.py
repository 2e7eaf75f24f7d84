"""The shipped sample corpus is clean and never teaches a known error."""

from __future__ import annotations

from pathlib import Path

from bot.corpus.samples import load_samples
from bot.report import Role


def test_five_samples_with_metadata(repo_root: Path) -> None:
    samples = load_samples(repo_root / "prompts" / "samples")
    assert [s.meta.id for s in samples] == ["s000", "s001", "s002", "s003", "s004"]
    assert {s.meta.kind for s in samples} == {"述职报告", "工作总结"}
    assert all(s.meta.period and s.meta.source for s in samples)


def test_known_errors_are_fixed(repo_root: Path) -> None:
    for sample in load_samples(repo_root / "prompts" / "samples"):
        for fix in sample.meta.fixes:
            assert fix.wrong not in sample.text, (sample.meta.id, fix.wrong)
            assert fix.right in sample.text, (sample.meta.id, fix.right)
        for bad in (
            "##paid",
            "两个确定",
            "中国人民共和国",
            "党的十二大",
            "截止目前",
            "\u3000",
            "  ",
        ):
            assert bad not in sample.text, (sample.meta.id, bad)


def test_paragraphs_carry_roles_and_placeholder_flags(repo_root: Path) -> None:
    samples = {s.meta.id: s for s in load_samples(repo_root / "prompts" / "samples")}
    paragraphs = samples["s003"].paragraphs()
    roles = {p.role for p in paragraphs}
    assert {Role.OPENING, Role.WORK, Role.PROBLEMS, Role.CAUSES, Role.PLANS} <= roles
    causes = [p for p in paragraphs if p.role is Role.CAUSES]
    assert causes[0].text.startswith("产生问题的原因分析")
    flagged = [p for p in samples["s002"].paragraphs() if p.placeholders]
    assert any("X名预备党员" in p.text for p in flagged)
    assert not any(p.placeholders for p in samples["s000"].paragraphs())
    # items keep their heading with the first paragraph
    assert paragraphs[1].text.startswith("一是聚焦政治担当，筑牢党建责任体系。")


def test_every_sample_parses_into_work_problems_plans(repo_root: Path) -> None:
    for sample in load_samples(repo_root / "prompts" / "samples"):
        assert [s.role for s in sample.report.sections] == [Role.WORK, Role.PROBLEMS, Role.PLANS]

"""提法 checks: lexicon wrong forms plus the year-aware congress / plenum / campaign rules."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.review.figures import han_to_number
from bot.review.lexicon import Lexicon, default_lexicon
from bot.review.models import Finding

_CONGRESS_RE = re.compile(
    r"(党的)?((?:二十|十)[一二三四五六七八九]?)大(?=(精神|报告|以来|和|、|代表|胜利|召开|提出|作出|确立|部署|要求|上|的)?)"
)
_PLENUM_RE = re.compile(
    r"((?:二十|十)[一二三四五六七八九]?)届(?:([一二三四五六七八九])中全会|历次全会)"
)
_STUDY = re.compile(r"学习|贯彻|落实|领会|宣传|宣讲|践行|按照|遵循|指引|指导|精神实质")
_CURRENT_CUE = re.compile(r"(?:扎实|深入|认真|全面|集中)?开展|启动|部署|参加|推进|组织")
_HISTORY_CUE = re.compile(r"巩固|拓展|深化|成果|常态化|以来|长效|延续|持续|回顾|曾")
_SENTENCE_BREAK = "。；！？\n"
_NOT_CONGRESS_AFTER = re.compile(r"类|项|件|条|工程|举措|行动|成果|亮点|特色|板块|任务|名|批")


def congress_year(name: str, table: dict[str, int]) -> int | None:
    """十九大 → 2017; unknown ordinals follow the five-year cadence since 1982."""
    if name in table:
        return table[name]
    n = han_to_number(name.removesuffix("大"))
    return 1982 + 5 * (n - 12) if n is not None and n >= 12 else None


def _current_congresses(year: int, table: dict[str, int]) -> list[tuple[str, int]]:
    """Congresses whose 精神 is "current" in a report of `year` (both in a congress year)."""
    held = sorted(((y, n) for n, y in table.items() if y <= year), reverse=True)
    if not held:
        return []
    latest = held[0]
    out = [(latest[1], latest[0])]
    if latest[0] == year and len(held) > 1:
        out.append((held[1][1], held[1][0]))
    return out


def _sentence_before(text: str, pos: int, limit: int = 30) -> str:
    start = pos
    while start > 0 and pos - start < limit and text[start - 1] not in _SENTENCE_BREAK:
        start -= 1
    return text[start:pos]


def _congress_findings(text: str, year: int, lex: Lexicon) -> Iterator[Finding]:
    current = _current_congresses(year, lex.congresses)
    current_names = {n for n, _ in current}
    right = f"党的{current[0][0]}" if current else ""
    for m in _CONGRESS_RE.finditer(text):
        name = m.group(2) + "大"
        after = m.group(3)
        if not m.group(1) and after not in ("精神", "报告", "以来", "和"):
            continue
        if after is None and _NOT_CONGRESS_AFTER.match(text, m.end()):
            continue
        cy = congress_year(name, lex.congresses)
        if cy is None:
            continue
        start, end = (m.start(1) if m.group(1) else m.start(2)), m.end()
        span = text[start:end]
        if cy > year:
            yield Finding(
                category="提法",
                rule="提法.congress-future",
                start=start,
                end=end,
                text=span,
                message=f"这是{year}年的报告，{name}（{cy}年）尚未召开，请核对届次。",
                suggestion=right,
                severity="error",
            )
        elif (
            name not in current_names
            and after in ("精神", "报告", "和")
            and (after == "精神" or _STUDY.search(_sentence_before(text, start)))
        ):
            yield Finding(
                category="提法",
                rule="提法.congress-outdated",
                start=start,
                end=end,
                text=span,
                message=(
                    f"{year}年的报告应学习贯彻{right}精神，{name}（{cy}年）不是当前届次；"
                    "仅在回顾历史（如“党的十九大以来”）时可用。"
                ),
                suggestion=right,
                severity="error",
            )


def _plenum_findings(text: str, year: int, lex: Lexicon) -> Iterator[Finding]:
    current = {n.removesuffix("大") for n, _ in _current_congresses(year, lex.congresses)}
    for m in _PLENUM_RE.finditer(text):
        term, nth = m.group(1), m.group(2)
        span = m.group()
        cy = congress_year(term + "大", lex.congresses)
        if cy is None:
            continue
        full_after = text[m.end() : m.end() + 2]
        future: str | None = None
        if nth is not None and span in lex.plenums and lex.plenums[span] > year:
            future = f"这是{year}年的报告，{span}（{lex.plenums[span]}年）尚未召开，请核对。"
        elif cy > year:
            future = f"这是{year}年的报告，{term}届中央委员会（{cy}年起）尚未产生，请核对。"
        if future is not None:
            yield Finding(
                category="提法",
                rule="提法.plenum-future",
                start=m.start(),
                end=m.end(),
                text=span,
                message=future,
                suggestion="",
                severity="error",
            )
        elif term not in current and full_after == "精神":
            latest = sorted(current, key=len)[-1] if current else ""
            yield Finding(
                category="提法",
                rule="提法.plenum-outdated",
                start=m.start(),
                end=m.end(),
                text=span,
                message=f"{year}年的报告中，{span}精神已不是当前提法，应学习贯彻{latest}届历次全会精神。",
                suggestion=f"{latest}届历次全会" if latest else "",
                severity="error",
            )


def _campaign_findings(text: str, year: int, lex: Lexicon) -> Iterator[Finding]:
    for campaign, m in lex.campaign_mentions(text):
        span = m.group()
        if campaign.from_year > year:
            yield Finding(
                category="提法",
                rule="提法.campaign-future",
                start=m.start(),
                end=m.end(),
                text=span,
                message=f"{campaign.name}是{campaign.from_year}年开展的，不可能出现在{year}年的报告中，请核对年份或名称。",
                suggestion=_campaign_of_year(year, lex),
                severity="error",
            )
        elif campaign.to_year < year:
            before = _sentence_before(text, m.start(), 14)
            after = text[m.end() : m.end() + 4]
            if _CURRENT_CUE.search(before) and not (
                _HISTORY_CUE.search(before) or _HISTORY_CUE.match(after)
            ):
                yield Finding(
                    category="提法",
                    rule="提法.campaign-year",
                    start=m.start(),
                    end=m.end(),
                    text=span,
                    message=(
                        f"{campaign.name}是{campaign.from_year}年的学习教育，写成{year}年开展的工作"
                        "不符合实际；如指巩固其成果，请写明“巩固拓展……成果”。"
                    ),
                    suggestion=_campaign_of_year(year, lex),
                    severity="warning",
                )


def _campaign_of_year(year: int, lex: Lexicon) -> str:
    for c in lex.campaigns:
        if c.from_year <= year <= c.to_year:
            return c.name
    return ""


def check_formulations(
    text: str, year: int | None = None, lexicon: Lexicon | None = None
) -> list[Finding]:
    """Wrong or outdated 提法 in `text` (year-aware checks need `year`), sorted by position."""
    lex = lexicon if lexicon is not None else default_lexicon()
    out: list[Finding] = []
    for match in lex.matches(text, year):
        rule = match.rule
        out.append(
            Finding(
                category="提法",
                rule=f"提法.{rule.id}",
                start=match.start,
                end=match.end,
                text=text[match.start : match.end],
                message=rule.message,
                suggestion=rule.right,
                severity=rule.severity,
            )
        )
    if year is not None:
        out.extend(_congress_findings(text, year, lex))
        out.extend(_plenum_findings(text, year, lex))
        out.extend(_campaign_findings(text, year, lex))
    out.sort(key=lambda f: (f.start, f.end))
    return out


def protected_terms(lexicon: Lexicon | None = None) -> list[str]:
    """Fixed formulations that must be kept verbatim (longest first, for span locking)."""
    lex = lexicon if lexicon is not None else default_lexicon()
    return sorted(lex.protected, key=len, reverse=True)

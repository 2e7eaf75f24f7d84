"""Every shipped template and kind loads and renders (a missing variable is an error)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.writer.kinds import KIND_IDS, load_formulations, load_kind
from bot.writer.models import Brief, Fact, Figure
from bot.writer.prompts import TEMPLATE_NAMES, PromptError, PromptStore

PROMPTS = Path(__file__).resolve().parent.parent / "prompts"


def variables(kind_id: str) -> dict[str, object]:
    kind = load_kind(PROMPTS, kind_id)
    forms = load_formulations(PROMPTS)
    fact = Fact(
        id="f1", topic="理论学习", text="集体学习24次", figures=[Figure(value="24", unit="次")]
    )
    return {
        "kind": kind,
        "brief": Brief(kind_id=kind_id, period="2025年度", year=2025),
        "forms": forms.for_year(2025),
        "core": forms.core,
        "notes": [{"topic": "理论学习", "text": "集体学习24次"}],
        "facts": [fact],
        "sections": [
            {
                "id": s.id,
                "heading": s.heading,
                "style": s.style,
                "min_items": 1,
                "max_items": 3,
                "target_chars": 500,
            }
            for s in kind.sections
        ],
        "heading_examples": ["强化理论武装，筑牢思想根基"],
        "outline_text": "一、履职情况",
        "section": kind.sections[1],
        "unit_heading": None,
        "points": [],
        "exemplars": [],
        "target_chars": 500,
        "actual_chars": 800,
        "with_causes": True,
        "text": "一、履职情况",
        "instruction": "再具体些",
        "scope": "全文",
        "heading": "存在的问题",
        "topic": "理论学习",
        "question": "学了什么？",
        "answer": "学了",
        "hints": ["多少次？"],
        "reason": "输出为空",
        "prose": True,
    }


@pytest.mark.parametrize("kind_id", KIND_IDS)
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_template_renders_for_every_kind(name: str, kind_id: str) -> None:
    text = PromptStore(PROMPTS).render(name, **variables(kind_id))
    assert text and "{{" not in text and "{%" not in text
    assert "?" not in text.replace('"', "")  # full-width punctuation in Chinese prompts


def test_json_prompts_say_json() -> None:
    store = PromptStore(PROMPTS)
    for name in ("extract", "outline"):
        assert "JSON" in store.render(name, **variables("shuzhi"))


def test_missing_variable_is_an_error_not_an_empty_prompt() -> None:
    with pytest.raises(PromptError):
        PromptStore(PROMPTS).render("section", kind=None)


@pytest.mark.parametrize("kind_id", KIND_IDS)
def test_kind_forms_render(kind_id: str) -> None:
    kind = load_kind(PROMPTS, kind_id)
    store = PromptStore(PROMPTS)
    for form in (kind.title, kind.opening, kind.closing):
        store.render_string(
            form,
            period="2025年度",
            unit_role="",
            speaker="本人",
            guiding="深入贯彻党的二十大和二十届历次全会精神",
            year=2025,
        )


def test_system_prompt_carries_the_years_formulations() -> None:
    v = variables("shuzhi")
    v["forms"] = load_formulations(PROMPTS).for_year(2023)
    text = PromptStore(PROMPTS).render("system", **v)
    assert "学习贯彻习近平新时代中国特色社会主义思想主题教育" in text
    assert "两个确立" in text

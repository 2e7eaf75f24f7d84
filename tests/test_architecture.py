"""The layering of shared/DESIGN.md, enforced."""

from __future__ import annotations

import re
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"
RULES = {
    "aiogram": "telegram",
    "openai": "llm",
    "tiktoken": "llm",
}


def _imports(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    found = re.findall(r"^\s*(?:from|import)\s+([a-zA-Z_][\w]*)", text, flags=re.M)
    return set(found)


def test_third_party_clients_stay_in_their_layer() -> None:
    offenders = []
    for path in BOT.rglob("*.py"):
        layer = path.relative_to(BOT).parts[0]
        for module, home in RULES.items():
            if module in _imports(path) and layer != home:
                offenders.append(f"{path.relative_to(BOT)} imports {module}")
    assert offenders == []


def test_report_model_imports_nothing_of_ours_but_itself() -> None:
    for path in (BOT / "report").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        others = re.findall(r"^\s*from bot\.(\w+)", text, flags=re.M)
        assert set(others) <= {"report"}, path

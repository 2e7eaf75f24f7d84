"""Render the LLM layer's own small prompts (prompts/llm/*.j2) strictly.

A missing template or variable is an error at start-up or render time, never a
silently empty prompt.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

CONTINUE = "llm/continue.j2"
JSON_REPAIR = "llm/json_repair.j2"
JSON_HINT = "llm/json_hint.j2"
TEMPLATES = (CONTINUE, JSON_REPAIR, JSON_HINT)

# The repository's prompts/ folder, used when the configured one lacks llm/.
_BUNDLED_DIR = Path(__file__).resolve().parents[2] / "prompts"


class LLMPrompts:
    """The continuation and JSON-repair messages, loaded once from `prompts_dir`."""

    def __init__(self, prompts_dir: Path | None = None) -> None:
        directory = prompts_dir if prompts_dir is not None else _BUNDLED_DIR
        if not (directory / CONTINUE).is_file():
            directory = _BUNDLED_DIR
        env = Environment(
            loader=FileSystemLoader(str(directory), encoding="utf-8"),
            undefined=StrictUndefined,
            autoescape=False,
            keep_trailing_newline=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.directory = directory
        self._templates: dict[str, Template] = {name: env.get_template(name) for name in TEMPLATES}

    def render(self, name: str, **variables: Any) -> str:
        return self._templates[name].render(**variables).strip()

    def continue_message(self, written_chars: int) -> str:
        return self.render(CONTINUE, written_chars=written_chars)

    def json_repair_message(self, problems: list[str]) -> str:
        return self.render(JSON_REPAIR, problems=problems)

    def json_hint(self) -> str:
        return self.render(JSON_HINT)

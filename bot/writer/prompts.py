"""The writer's prompt templates: prompts/<name>.j2, loaded once, rendered strictly.

Every template is read at start-up (a missing file or a syntax error stops the
program there, not in the middle of a user's draft); a missing variable raises.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, TemplateError

from bot.errors import UserFacingError

TEMPLATE_NAMES: tuple[str, ...] = (
    "system",
    "extract",
    "outline",
    "section",
    "fix_length",
    "revise",
    "tighten",
    "expand",
    "problems",
    "followup",
    "retry",
)


class PromptError(UserFacingError):
    """A prompt template is missing, broken, or was rendered without a variable."""


class PromptStore:
    """All writer templates, compiled once; `render(name, **variables)`."""

    def __init__(self, prompts_dir: Path) -> None:
        self.prompts_dir = prompts_dir
        self._env = Environment(
            loader=FileSystemLoader(str(prompts_dir), encoding="utf-8"),
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self._templates: dict[str, Template] = {}
        for name in TEMPLATE_NAMES:
            try:
                self._templates[name] = self._env.get_template(f"{name}.j2")
            except TemplateError as exc:
                raise PromptError(f"提示词模板 {name}.j2 无法加载：{exc}") from exc

    def render(self, name: str, **variables: Any) -> str:
        template = self._templates.get(name)
        if template is None:
            raise PromptError(f"没有名为 {name} 的提示词模板。")
        try:
            return template.render(**variables).strip()
        except TemplateError as exc:
            raise PromptError(f"提示词模板 {name}.j2 渲染失败：{exc}") from exc

    def render_string(self, source: str, **variables: Any) -> str:
        """Render a short form from a kind file (title, opening, closing) strictly."""
        try:
            return self._env.from_string(source).render(**variables).strip()
        except TemplateError as exc:
            raise PromptError(f"文稿类型中的句式无法生成：{exc}") from exc

"""Settings: environment variables, an optional .env file and an optional TOML file.

Priority (highest first): explicit arguments, environment, `.env`, the TOML file
(`BOT_CONFIG`, else `config/settings.toml` when it exists), built-in defaults.
The user-facing names (`BOT_TOKEN`, `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `LLM_MODEL`,
`TELEGRAM_API_BASE`, `DATABASE_URL`, `ALLOWED_USERS`) are top-level fields; the
rest is grouped in sections (`[llm]`, `[export]`, `[limits]`), set from the environment
with a double underscore, e.g. `LLM__TIMEOUT_SECONDS=90`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_TOML = Path("config/settings.toml")
PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_ENV = "BOT_CONFIG"

ProviderName = Literal[
    "openai", "deepseek", "qwen", "kimi", "glm", "ollama", "vllm", "llamacpp", "custom"
]


class LLMSettings(BaseModel):
    """How the drafting engine talks to an OpenAI-compatible provider."""

    provider: ProviderName | None = None
    extract_model: str | None = None
    timeout_seconds: float = Field(default=120.0, gt=0)
    connect_timeout_seconds: float = Field(default=10.0, gt=0)
    max_retries: int = Field(default=2, ge=0, le=10)
    max_output_tokens: int = Field(default=4096, ge=256)
    context_tokens: int = Field(default=32_000, ge=2048)
    exemplar_token_budget: int = Field(default=1200, ge=0)
    temperature: float = Field(default=0.6, ge=0, le=2)
    max_tokens_param: Literal["max_tokens", "max_completion_tokens"] = "max_tokens"
    json_mode: bool = True
    concurrency: int = Field(default=5, ge=1, le=32)


class ExportSettings(BaseModel):
    """House variant of the GB/T 9704 layout used for Word export."""

    line_spacing_pt: float = Field(default=28.95, ge=20, le=40)
    title_line_spacing_pt: float = Field(default=35.0, ge=22, le=60)
    margin_top_mm: float = Field(default=37.0, ge=5, le=80)
    margin_bottom_mm: float = Field(default=35.0, ge=5, le=80)
    margin_left_mm: float = Field(default=28.0, ge=5, le=80)
    margin_right_mm: float = Field(default=26.0, ge=5, le=80)
    body_font: str = "仿宋_GB2312"
    title_font: str = "方正小标宋简体"
    heading1_font: str = "黑体"
    heading2_font: str = "楷体_GB2312"
    signature_font: str = "楷体_GB2312"
    latin_font: str = "Times New Roman"
    page_number_font: str = "宋体"
    with_signature: bool = True
    with_date: bool = True
    page_numbers: Literal["odd_even", "center"] = "odd_even"
    title_max_chars: int = Field(default=20, ge=8, le=40)  # characters per title line


class LimitSettings(BaseModel):
    daily_token_quota: int = Field(default=300_000, ge=0)
    max_upload_mb: float = Field(default=20.0, gt=0)
    max_input_chars: int = Field(default=60_000, ge=1000)


def _toml_path() -> Path | None:
    explicit = os.environ.get(CONFIG_ENV)
    if explicit:
        return Path(explicit)
    return DEFAULT_TOML if DEFAULT_TOML.is_file() else None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_nested_delimiter="__",
        extra="ignore",
        case_sensitive=False,
        validate_default=True,
    )

    bot_token: SecretStr | None = None
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    llm_model: str | None = None
    telegram_api_base: str | None = None
    database_url: str | None = None
    allowed_users: Annotated[list[int], NoDecode] = Field(default_factory=list)
    admin_users: Annotated[list[int], NoDecode] = Field(default_factory=list)
    redis_url: str | None = None  # REDIS_URL: per-user event locks shared by several instances
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    data_dir: Path = Path("data")
    samples_dir: Path = Path("prompts/samples")
    prompts_dir: Path = Path("prompts")
    log_level: str = "INFO"

    llm: LLMSettings = Field(default_factory=LLMSettings)
    export: ExportSettings = Field(default_factory=ExportSettings)
    limits: LimitSettings = Field(default_factory=LimitSettings)

    @field_validator("allowed_users", "admin_users", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = value.replace("，", ",").replace(";", ",").replace(" ", ",").split(",")
            return [int(p) for p in parts if p.strip()]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("prompts_dir", "samples_dir")
    @classmethod
    def _find_shipped_dir(cls, value: Path) -> Path:
        """Relative data paths work from any working directory: fall back to the checkout."""
        if value.is_absolute() or value.exists():
            return value
        shipped = PROJECT_ROOT / value
        return shipped if shipped.exists() else value

    @field_validator(
        "openai_base_url", "telegram_api_base", "llm_model", "database_url", "redis_url"
    )
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings, dotenv_settings]
        path = _toml_path()
        if path is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        sources.append(file_secret_settings)
        return tuple(sources)

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'bot.db').as_posix()}"

    @property
    def llm_configured(self) -> bool:
        """An LLM is usable when a key is set, or a base URL points at a local server."""
        return self.openai_api_key is not None or self.openai_base_url is not None

    @property
    def telegram_configured(self) -> bool:
        return self.bot_token is not None

    def safe_summary(self) -> dict[str, Any]:
        """What the settings are, with every secret masked (for logs and `--help`)."""
        data = self.model_dump(mode="json")
        for key in ("bot_token", "openai_api_key", "webhook_secret"):
            data[key] = "已设置（隐藏）" if data.get(key) else None
        data["database_url"] = _mask_url(self.effective_database_url)
        return data


def _mask_url(url: str) -> str:
    """Hide a password in a database URL: scheme://user:***@host/db."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"


def load_settings(**overrides: Any) -> Settings:
    """Build the settings once, in `main`; pass the object on from there."""
    return Settings(**overrides)

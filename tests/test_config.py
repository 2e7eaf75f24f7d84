"""Settings read the names users rely on and never print secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_settings


def test_user_facing_environment_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123456:ABCDEF")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret-value")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://api.deepseek.com/v1")
    monkeypatch.setenv("LLM_MODEL", "deepseek-chat")
    monkeypatch.setenv("TELEGRAM_API_BASE", "http://127.0.0.1:8081")
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://bot:pw@db/bot")
    monkeypatch.setenv("ALLOWED_USERS", "111, 222，333")
    monkeypatch.setenv("LLM__TIMEOUT_SECONDS", "45")
    settings = load_settings()
    assert settings.bot_token is not None
    assert settings.bot_token.get_secret_value() == "123456:ABCDEF"
    assert settings.openai_base_url == "https://api.deepseek.com/v1"
    assert settings.llm_model == "deepseek-chat"
    assert settings.telegram_api_base == "http://127.0.0.1:8081"
    assert settings.effective_database_url == "postgresql+asyncpg://bot:pw@db/bot"
    assert settings.allowed_users == [111, 222, 333]
    assert settings.llm.timeout_seconds == 45
    assert settings.llm_configured and settings.telegram_configured


def test_secrets_never_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123456:ABCDEF")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret-value")
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://bot:pw@db/bot")
    settings = load_settings()
    shown = repr(settings) + str(settings) + str(settings.safe_summary())
    assert "sk-secret-value" not in shown and "ABCDEF" not in shown
    assert ":pw@" not in str(settings.safe_summary())


def test_defaults_need_no_secrets() -> None:
    settings = load_settings()
    assert not settings.llm_configured and not settings.telegram_configured
    assert settings.effective_database_url.startswith("sqlite+aiosqlite:///")
    assert settings.effective_database_url.endswith("data/bot.db")
    assert settings.allowed_users == []
    assert (settings.samples_dir / "samples.toml").is_file()


def test_toml_file_is_read_and_env_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        'llm_model = "qwen-plus"\nallowed_users = [5, 6]\n[export]\nline_spacing_pt = 28\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("BOT_CONFIG", str(path))
    settings = load_settings()
    assert settings.llm_model == "qwen-plus"
    assert settings.allowed_users == [5, 6]
    assert settings.export.line_spacing_pt == 28
    monkeypatch.setenv("LLM_MODEL", "glm-4.6")
    assert load_settings().llm_model == "glm-4.6"


def test_example_toml_is_valid(monkeypatch: pytest.MonkeyPatch, repo_root: Path) -> None:
    monkeypatch.setenv("BOT_CONFIG", str(repo_root / "config" / "settings.example.toml"))
    settings = load_settings()
    assert settings.export.margin_top_mm == 37

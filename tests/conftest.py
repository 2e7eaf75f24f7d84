from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"


@pytest.fixture
def seeds_dir() -> Path:
    """The five original sample reports exactly as the user gave them (with their errors)."""
    return SEEDS


@pytest.fixture
def repo_root() -> Path:
    return ROOT


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests never see the developer's own secrets, .env or config file."""
    for name in (
        "BOT_TOKEN",
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "LLM_MODEL",
        "TELEGRAM_API_BASE",
        "DATABASE_URL",
        "ALLOWED_USERS",
        "ADMIN_USERS",
        "WEBHOOK_URL",
        "REDIS_URL",
        "BOT_CONFIG",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BOT_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.setitem(Settings.model_config, "env_file", None)
    monkeypatch.chdir(ROOT)

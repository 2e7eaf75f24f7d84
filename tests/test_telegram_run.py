"""`python -m bot` with BOT_TOKEN set starts the real bot: a subprocess polling the fake
Bot API, answering /start from the real engine, stopped with Ctrl-C (SIGINT)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes.telegram_server import FakeTelegram

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram()
    await server.start()
    yield server
    await server.stop()


@pytest.mark.slow
async def test_python_m_bot_runs_the_bot_over_the_real_engine(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "BOT_TOKEN": fake.token,
        "TELEGRAM_API_BASE": fake.base_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{(tmp_path / 'bot.db').as_posix()}",
        "DATA_DIR": str(tmp_path),
        "PROMPTS_DIR": str(ROOT / "prompts"),
        "SAMPLES_DIR": str(ROOT / "prompts" / "samples"),
        "BOT_CONFIG": str(tmp_path / "absent.toml"),
        "LOG_LEVEL": "INFO",
    }
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "LLM_MODEL", "ALLOWED_USERS", "WEBHOOK_URL"):
        env.pop(name, None)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await fake.wait_polling(within=30)
        await fake.user(1001, "张书记").send_text(1001, "/start")
        [greeting, *_] = await fake.wait_messages(1001, 2, within=15)
        process.send_signal(signal.SIGINT)
        _, err = await asyncio.wait_for(process.communicate(), 15)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    log = err.decode("utf-8", "replace")
    assert greeting.visible.startswith("您好！我是述职助手")
    assert "新建述职报告" in fake.messages(1001)[1].labels
    assert "离线写作" in log  # which writer answers
    assert "ALLOWED_USERS is empty" in log
    assert fake.token not in log and fake.token.split(":")[1] not in log
    params = fake.calls_of("getUpdates")[0].params
    assert "stopped_message_generation" in params.get("allowed_updates", "")
    assert process.returncode == 0

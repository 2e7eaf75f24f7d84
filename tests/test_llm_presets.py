"""Provider presets and `build_llm`: what a user's settings turn into."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.errors import UserFacingError
from bot.llm.base import ChatMessage
from bot.llm.factory import build_llm
from bot.llm.openai_chat import OpenAIChat
from bot.llm.presets import DUMMY_KEY, PRESETS, LLMConfigError, resolve_config
from tests.fakes import FakeOpenAIServer


@pytest.mark.parametrize("provider", sorted(PRESETS))
def test_every_preset_resolves_with_a_key(provider: str) -> None:
    settings = Settings(openai_api_key="sk-x", llm={"provider": provider})
    config = resolve_config(settings)
    preset = PRESETS[provider]
    assert config is not None
    assert config.provider == provider
    assert config.base_url == preset.base_url
    assert config.model == preset.model
    assert config.model_for("extract") == preset.extract_model
    assert config.max_tokens_param == preset.max_tokens_param
    assert config.context_tokens == preset.context_tokens


def test_nothing_configured_means_offline_writer() -> None:
    assert resolve_config(Settings()) is None
    assert build_llm(Settings()) is None


def test_a_key_alone_means_openai() -> None:
    config = resolve_config(Settings(openai_api_key="sk-x"))
    assert config is not None
    assert config.provider == "openai"
    assert config.base_url == "https://api.openai.com/v1"


def test_local_presets_need_no_key() -> None:
    config = resolve_config(Settings(llm={"provider": "ollama"}))
    assert config is not None
    assert config.base_url == "http://localhost:11434/v1"
    assert config.api_key.get_secret_value() == DUMMY_KEY


def test_explicit_url_and_model_override_the_preset() -> None:
    settings = Settings(
        openai_api_key="sk-x",
        openai_base_url="https://proxy.example.com/v1",
        llm_model="my-model",
        llm={"provider": "deepseek"},
    )
    config = resolve_config(settings)
    assert config is not None
    assert config.base_url == "https://proxy.example.com/v1"
    assert config.model == "my-model"
    # a model chosen by the user is used for extraction too, unless named separately
    assert config.extract_model == "my-model"


def test_provider_is_recognised_from_its_url() -> None:
    settings = Settings(openai_api_key="sk-x", openai_base_url="https://api.deepseek.com")
    config = resolve_config(settings)
    assert config is not None
    assert config.provider == "deepseek"
    assert config.model == PRESETS["deepseek"].model


def test_settings_from_environment_beat_preset_quirks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-x")
    monkeypatch.setenv("LLM__PROVIDER", "kimi")
    monkeypatch.setenv("LLM__MAX_TOKENS_PARAM", "max_tokens")
    monkeypatch.setenv("LLM__EXTRACT_MODEL", "moonshot-v1-8k")
    config = resolve_config(Settings())
    assert config is not None
    assert config.max_tokens_param == "max_tokens"  # preset says max_completion_tokens
    assert config.extract_model == "moonshot-v1-8k"
    assert config.temperature is None  # Kimi fixes sampling parameters


def test_custom_provider_without_model_explains_what_is_missing() -> None:
    settings = Settings(openai_base_url="http://10.0.0.5:9000/v1")
    with pytest.raises(LLMConfigError) as caught:
        resolve_config(settings)
    assert "LLM_MODEL" in caught.value.message
    assert not caught.value.retryable
    assert isinstance(caught.value, UserFacingError)  # front ends show it as is


def test_cloud_preset_without_key_explains_what_is_missing() -> None:
    with pytest.raises(LLMConfigError) as caught:
        resolve_config(Settings(llm={"provider": "qwen"}))
    assert "OPENAI_API_KEY" in caught.value.message
    assert "通义千问" in caught.value.message


async def test_build_llm_talks_to_the_configured_server() -> None:
    async with FakeOpenAIServer(api_key="sk-real") as server:
        server.script("配置生效。")
        settings = Settings(
            openai_api_key="sk-real",
            openai_base_url=server.base_url,
            llm_model="served-model",
            llm={"timeout_seconds": 2, "max_output_tokens": 512},
        )
        llm = build_llm(settings)
        assert isinstance(llm, OpenAIChat)
        try:
            result = await llm.complete([ChatMessage(role="user", content="测试")])
        finally:
            await llm.aclose()
    assert result.text == "配置生效。"
    assert server.last_request.model == "served-model"
    assert server.last_request.body["max_tokens"] == 512
    assert "sk-real" not in repr(llm)

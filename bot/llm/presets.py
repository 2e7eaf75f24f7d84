"""Provider presets (data) and the resolution of settings into one `ChatConfig`.

Presets hold a provider's base URL, model names, context size and quirks. They
are defaults only: `OPENAI_BASE_URL`, `LLM_MODEL` and any `[llm]` key set
explicitly in the settings win. Model names change often; edit this table, not
the code that uses it.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from bot.config import Settings
from bot.errors import UserFacingError
from bot.llm.base import LLMError

MaxTokensParam = Literal["max_tokens", "max_completion_tokens"]
# Local servers ignore the key, but the SDK insists on a non-empty one.
DUMMY_KEY = "not-needed"


class ProviderPreset(BaseModel):
    """What differs between OpenAI-compatible providers."""

    model_config = ConfigDict(frozen=True)

    label: str
    base_url: str
    model: str
    extract_model: str
    context_tokens: int
    max_tokens_param: MaxTokensParam = "max_tokens"
    json_mode: bool = True
    supports_temperature: bool = True
    needs_key: bool = True


PRESETS: dict[str, ProviderPreset] = {
    "openai": ProviderPreset(
        label="OpenAI",
        base_url="https://api.openai.com/v1",
        model="gpt-4.1",
        extract_model="gpt-4.1-mini",
        context_tokens=128_000,
        max_tokens_param="max_completion_tokens",
    ),
    "deepseek": ProviderPreset(
        label="DeepSeek",
        base_url="https://api.deepseek.com",
        model="deepseek-v4-flash",
        extract_model="deepseek-v4-flash",
        context_tokens=128_000,
    ),
    "qwen": ProviderPreset(
        label="通义千问（阿里云百炼）",
        base_url="https://dashscope.aliyuncs.com/compatible-mode/v1",
        model="qwen-plus",
        extract_model="qwen-flash",
        context_tokens=128_000,
    ),
    "kimi": ProviderPreset(
        label="Kimi（月之暗面）",
        base_url="https://api.moonshot.cn/v1",
        model="kimi-k2.5",
        extract_model="kimi-k2.5",
        context_tokens=128_000,
        max_tokens_param="max_completion_tokens",
        supports_temperature=False,
    ),
    "glm": ProviderPreset(
        label="智谱 GLM",
        base_url="https://open.bigmodel.cn/api/paas/v4",
        model="glm-4.7",
        extract_model="glm-4.5-air",
        context_tokens=128_000,
    ),
    "ollama": ProviderPreset(
        label="Ollama（本地）",
        base_url="http://localhost:11434/v1",
        model="qwen3:8b",
        extract_model="qwen3:8b",
        context_tokens=8_192,
        needs_key=False,
    ),
    "vllm": ProviderPreset(
        label="vLLM（本地）",
        base_url="http://localhost:8000/v1",
        model="Qwen/Qwen3-8B",
        extract_model="Qwen/Qwen3-8B",
        context_tokens=32_768,
        needs_key=False,
    ),
    "llamacpp": ProviderPreset(
        label="llama.cpp（本地）",
        base_url="http://localhost:8080/v1",
        model="local",
        extract_model="local",
        context_tokens=8_192,
        needs_key=False,
    ),
}


class LLMConfigError(LLMError, UserFacingError):
    """The settings name an LLM but cannot be used as they are (the user must fix them)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, retryable=False)


class ChatConfig(BaseModel):
    """Everything `OpenAIChat` needs, resolved once from settings and a preset."""

    model_config = ConfigDict(frozen=True)

    provider: str
    base_url: str
    api_key: SecretStr
    model: str
    extract_model: str
    context_tokens: int = Field(ge=1024)
    max_output_tokens: int = Field(ge=1)
    max_tokens_param: MaxTokensParam = "max_tokens"
    json_mode: bool = True
    temperature: float | None = 0.6
    timeout_seconds: float = Field(default=120.0, gt=0)
    connect_timeout_seconds: float = Field(default=10.0, gt=0)
    max_retries: int = Field(default=2, ge=0)
    max_continuations: int = Field(default=3, ge=0)

    def model_for(self, task: str) -> str:
        """Extraction and routing may use a cheaper model."""
        return self.extract_model if task in ("extract", "route") else self.model


def _provider_for_url(base_url: str) -> str | None:
    host = urlsplit(base_url).netloc.lower()
    for name, preset in PRESETS.items():
        if urlsplit(preset.base_url).netloc.lower() == host:
            return name
    return None


def is_configured(settings: Settings) -> bool:
    """True when an LLM should be used: a key, a base URL, or an explicitly chosen provider."""
    return settings.llm_configured or settings.llm.provider is not None


def resolve_config(settings: Settings) -> ChatConfig | None:
    """Merge settings with the chosen preset; None when no LLM is configured.

    Raises `LLMConfigError` (Chinese message) when the settings are half done,
    e.g. a custom provider without a model name.
    """
    if not is_configured(settings):
        return None
    llm = settings.llm
    explicit = llm.model_fields_set
    provider: str | None = llm.provider
    if provider is None:
        if settings.openai_base_url:
            provider = _provider_for_url(settings.openai_base_url) or "custom"
        else:
            provider = "openai"
    preset = PRESETS.get(provider)

    base_url = settings.openai_base_url or (preset.base_url if preset else None)
    if not base_url:
        raise LLMConfigError("使用自定义大模型服务时，请设置 OPENAI_BASE_URL（接口地址）。")
    model = settings.llm_model or (preset.model if preset else None)
    if not model:
        raise LLMConfigError("使用自定义大模型服务时，请设置 LLM_MODEL（模型名称）。")
    if llm.extract_model:
        extract_model = llm.extract_model
    elif preset is not None and settings.llm_model is None:
        extract_model = preset.extract_model
    else:
        extract_model = model

    if settings.openai_api_key is not None:
        api_key = settings.openai_api_key
    elif preset is not None and preset.needs_key and settings.openai_base_url is None:
        raise LLMConfigError(f"使用{preset.label}时，请设置 OPENAI_API_KEY（接口密钥）。")
    else:
        api_key = SecretStr(DUMMY_KEY)

    context_tokens = llm.context_tokens
    max_tokens_param = llm.max_tokens_param
    json_mode = llm.json_mode
    supports_temperature = True
    if preset is not None:
        supports_temperature = preset.supports_temperature
        if "context_tokens" not in explicit:
            context_tokens = preset.context_tokens
        if "max_tokens_param" not in explicit:
            max_tokens_param = preset.max_tokens_param
        if "json_mode" not in explicit:
            json_mode = preset.json_mode
    send_temperature = supports_temperature or "temperature" in explicit
    return ChatConfig(
        provider=provider,
        base_url=base_url,
        api_key=api_key,
        model=model,
        extract_model=extract_model,
        context_tokens=context_tokens,
        max_output_tokens=llm.max_output_tokens,
        max_tokens_param=max_tokens_param,
        json_mode=json_mode,
        temperature=llm.temperature if send_temperature else None,
        timeout_seconds=llm.timeout_seconds,
        connect_timeout_seconds=llm.connect_timeout_seconds,
        max_retries=llm.max_retries,
    )

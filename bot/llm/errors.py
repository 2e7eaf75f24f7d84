"""Turn openai SDK exceptions into `LLMError`s with a Chinese sentence for the user.

The SDK has already retried what is worth retrying (429, 5xx, connection errors)
when these reach us; `retryable` tells the caller whether trying again later may help.
"""

from __future__ import annotations

import httpx2
import openai

from bot.llm.base import LLMError

UNAVAILABLE = "大模型服务暂时不可用，请稍后重试。"
BAD_KEY = "大模型接口密钥无效，请检查 OPENAI_API_KEY。"
FORBIDDEN = "大模型服务拒绝访问（权限或账户余额不足），请检查账户状态。"
NOT_FOUND = "找不到所配置的模型或接口，请检查 LLM_MODEL 和 OPENAI_BASE_URL。"
RATE_LIMITED = "大模型服务当前请求过多，请稍后重试。"
NO_QUOTA = "大模型账户额度已用完，请检查账户余额。"
TOO_LONG = "输入内容过长，超出了模型能处理的长度，请精简后重试。"
REJECTED = "大模型拒绝了这次请求，请调整内容后重试。"
TIMEOUT = "大模型响应超时，请稍后重试。"
CONNECTION = "无法连接大模型服务，请检查网络或 OPENAI_BASE_URL。"
STREAM_CUT = "大模型的回答在中途中断了，请重试。"
EMPTY = "大模型没有返回任何内容，请重试。"
TRUNCATED = "大模型的回答过长，多次续写后仍未写完，请减少要求的字数后重试。"
BAD_JSON = "大模型没有返回可用的结构化结果，请重试。"
FILTERED = "大模型的内容审核拦截了这次回答，请调整内容后重试。"


def map_sdk_error(exc: Exception) -> LLMError:
    """The `LLMError` to raise for an exception from the SDK or its HTTP client."""
    if isinstance(exc, LLMError):
        return exc
    if isinstance(exc, openai.APITimeoutError | httpx2.TimeoutException):
        return LLMError(TIMEOUT, retryable=True)
    if isinstance(exc, openai.APIConnectionError | httpx2.TransportError):
        return LLMError(CONNECTION, retryable=True)
    if isinstance(exc, openai.AuthenticationError):
        return LLMError(BAD_KEY, retryable=False)
    if isinstance(exc, openai.PermissionDeniedError):
        return LLMError(FORBIDDEN, retryable=False)
    if isinstance(exc, openai.NotFoundError):
        return LLMError(NOT_FOUND, retryable=False)
    if isinstance(exc, openai.RateLimitError):
        if exc.code == "insufficient_quota":
            return LLMError(NO_QUOTA, retryable=False)
        return LLMError(RATE_LIMITED, retryable=True)
    if isinstance(exc, openai.BadRequestError | openai.UnprocessableEntityError):
        if exc.code == "context_length_exceeded" or "context length" in exc.message.lower():
            return LLMError(TOO_LONG, retryable=False)
        return LLMError(REJECTED, retryable=False)
    if isinstance(exc, openai.APIStatusError):
        return LLMError(UNAVAILABLE, retryable=exc.status_code >= 500 or exc.status_code == 408)
    if isinstance(exc, openai.APIError):  # e.g. an error event inside a stream
        return LLMError(UNAVAILABLE, retryable=True)
    return LLMError(UNAVAILABLE, retryable=True)


def describe(exc: BaseException) -> str:
    """A short log line for an exception: type, status and code, never a key or body."""
    parts = [type(exc).__name__]
    status = getattr(exc, "status_code", None)
    if status is not None:
        parts.append(f"status={status}")
    code = getattr(exc, "code", None)
    if code:
        parts.append(f"code={code}")
    return " ".join(parts)

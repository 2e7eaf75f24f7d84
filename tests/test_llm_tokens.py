"""Token counting works with no network and counts Chinese sensibly and conservatively."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import tiktoken.load
import tiktoken.registry

from bot.llm import tokens
from bot.llm.base import ChatMessage
from bot.llm.tokens import CL100K_OFFLINE, FALLBACK, O200K_CACHE_KEY, TokenCounter

CHINESE = "坚持以习近平新时代中国特色社会主义思想为指导，全面落实新时代党的建设总要求，" * 4


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An empty tiktoken cache, no loaded encodings, and any download attempt fails the test."""
    cache = tmp_path / "tiktoken-cache"
    cache.mkdir()
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(cache))
    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})
    real_read = tiktoken.load.read_file

    def no_network(blobpath: str) -> bytes:
        if "://" in blobpath:
            raise NetworkUsed(blobpath)
        return real_read(blobpath)

    monkeypatch.setattr(tiktoken.load, "read_file", no_network)
    return cache


def test_bundled_encoding_loads_from_an_empty_cache(offline: Path) -> None:
    counter = TokenCounter.load()
    assert counter.name == CL100K_OFFLINE
    count = counter.count(CHINESE)
    # cl100k spends about 1.1 tokens per Chinese character: never under-count
    assert len(CHINESE) * 0.8 <= count <= len(CHINESE) * 2
    assert counter.count("") == 0
    assert counter.count("party building report") < len("party building report")


def test_a_corrupt_o200k_in_the_cache_is_ignored_not_redownloaded(offline: Path) -> None:
    bogus = offline / O200K_CACHE_KEY
    bogus.write_bytes(b"not a vocabulary")
    counter = TokenCounter.load()
    assert counter.name == CL100K_OFFLINE
    assert bogus.read_bytes() == b"not a vocabulary"  # tiktoken was never asked to fetch it


def test_a_failing_o200k_load_falls_back_to_the_bundled_encoding(
    offline: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"looks right to us, not to tiktoken"
    (offline / O200K_CACHE_KEY).write_bytes(data)
    monkeypatch.setattr(tokens, "O200K_SHA256", hashlib.sha256(data).hexdigest())
    counter = TokenCounter.load()  # tiktoken rejects the file; the fetch is blocked here
    assert counter.name == CL100K_OFFLINE


def test_fallback_when_no_vocabulary_loads(offline: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(name: str) -> object:
        raise ValueError(name)

    monkeypatch.setattr(tokens.tiktoken, "get_encoding", broken)
    counter = TokenCounter.load()
    assert counter.name == FALLBACK
    assert counter.count("一二三四五") == 6  # 5 characters x 1.2
    assert TokenCounter.approximate().count(CHINESE) >= len(CHINESE)


def test_messages_cost_more_than_their_text(offline: Path) -> None:
    counter = TokenCounter.load()
    messages = [
        ChatMessage(role="system", content="你是写作助手。"),
        ChatMessage(role="user", content=CHINESE),
    ]
    assert counter.count_messages(messages) > sum(counter.count(m.content) for m in messages)


def test_fit_takes_texts_in_order_within_the_budget() -> None:
    counter = TokenCounter.approximate()
    texts = ["甲" * 10, "乙" * 50, "丙" * 10, "丁" * 10]
    chosen = counter.fit(texts, budget=40)
    assert chosen == ["甲" * 10, "丙" * 10]  # 12 + 12 + separators; 乙 does not fit
    used = sum(counter.count(t) for t in chosen) + counter.count("\n\n") * (len(chosen) - 1)
    assert used <= 40
    assert counter.fit(texts, budget=5) == []

"""Fake servers on 127.0.0.1 that real clients talk to (tests, bench/, end-to-end runs)."""

from tests.fakes.openai_server import FakeOpenAIServer, RecordedRequest, Reply, fake_tokens

__all__ = ["FakeOpenAIServer", "RecordedRequest", "Reply", "fake_tokens"]

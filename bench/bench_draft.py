"""Drafting speed and prompt size, against the fake OpenAI server at a fixed token rate.

    .venv/bin/python bench/bench_draft.py [--rate 40] [--chars 3000]

Prints: wall time of a 5-unit report drafted concurrently vs sequentially vs the
physical limit (outline time + the longest unit), and prompt tokens per report vs
a naive single prompt holding every sample. Targets: concurrent ≤ 1.15 × limit;
prompt tokens ≤ 30% of naive. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402
from bot.corpus.samples import load_samples  # noqa: E402
from bot.llm.factory import build_llm  # noqa: E402
from bot.llm.openai_chat import OpenAIChat  # noqa: E402
from bot.llm.tokens import TokenCounter  # noqa: E402
from bot.writer.factory import build_index, build_writer  # noqa: E402
from bot.writer.llm_writer import LLMWriter  # noqa: E402
from bot.writer.models import Brief, Progress  # noqa: E402
from tests.fakes.openai_server import FakeOpenAIServer, RecordedRequest  # noqa: E402

NOTES = {
    "政治建设": "支委会研究党建工作12次，落实“第一议题”制度，签订党建责任书3份。",
    "理论学习": "全年组织集体学习24次，书记讲党课2次，开展专题研讨6次。",
    "组织建设": "召开支部党员大会4次、支委会12次，开展主题党日12次，发展党员1名。",
    "存在的问题": "学习多停留在读原文，研讨不深；党建和业务还有“两张皮”现象。",
    "原因": "对党建工作重要性认识不够，抓党建的精力投入不足。",
    "下一步打算": "每月开展1次专题研讨；年底前建立党建和业务同部署同考核机制。",
}
SENTENCE = "坚持把这项工作摆在突出位置，结合实际细化措施，推动各项要求落到实处。"
SERIES = "一是{0}\n二是{0}\n产生以上问题的原因：一是{0}"


def body_of(chars: int, series: bool) -> str:
    reps = max(1, chars // 30)
    text = SENTENCE * reps
    if series:
        third = SENTENCE * max(1, reps // 3)
        return "对照要求，仍有差距。\n" + SERIES.format(third)
    return text


def responder(req: RecordedRequest) -> str:
    user = req.last_user_text
    if "事实条目" in user:
        items = [
            {"id": f"f{i}", "topic": t, "kind": "cause" if t == "原因" else "activity", "text": v}
            for i, (t, v) in enumerate(NOTES.items(), 1)
        ]
        return json.dumps({"items": items}, ensure_ascii=False)
    if "拟定提纲" in user:
        return json.dumps({"title": "", "sections": []})
    m = re.search(r"约(\d+)字", user)
    chars = int(m.group(1)) if m else 400
    return body_of(chars, "“一是”“二是”“三是”开头" in user)


async def one_run(rate: float, chars: int, concurrency: int) -> dict[str, Any]:
    async with FakeOpenAIServer(responder=responder, tokens_per_second=rate) as server:
        settings = Settings(
            openai_base_url=server.base_url,
            openai_api_key="sk-bench",
            llm_model="fake-model",
            prompts_dir=ROOT / "prompts",
            samples_dir=ROOT / "prompts" / "samples",
            data_dir=ROOT / "data" / "bench",
        )
        settings.llm.concurrency = concurrency
        counter = TokenCounter.load()
        llm = build_llm(settings, counter=counter)
        assert isinstance(llm, OpenAIChat)
        writer = build_writer(settings, llm, counter=counter, index=build_index(settings))
        assert isinstance(writer, LLMWriter)
        brief = Brief(kind_id="shuzhi", period="2025年度", year=2025, target_chars=chars)
        facts, _ = await writer.extract(brief, NOTES)
        t0 = time.monotonic()
        outline, _ = await writer.outline(brief, facts)
        t_outline = time.monotonic() - t0
        starts: dict[int, float] = {}
        unit_times: dict[int, float] = {}

        async def on_progress(p: Progress) -> None:
            now = time.monotonic()
            if p.status == "started":
                starts[p.index] = now
            elif p.status == "done":
                unit_times[p.index] = now - starts[p.index]

        t1 = time.monotonic()
        result = await writer.draft(brief, facts, outline, on_progress=on_progress)
        t_draft = time.monotonic() - t1
        prompt_tokens = sum(
            counter.count_messages(_messages(r)) for r in server.requests[1:]
        )  # outline + section calls (extraction is shared by every approach)
        await llm.aclose()
        return {
            "outline": t_outline,
            "draft": t_draft,
            "total": t_outline + t_draft,
            "longest": max(unit_times.values()),
            "units": len(unit_times),
            "prompt_tokens": prompt_tokens,
            "chars": len(result.text),
            "system": server.requests[-1].messages[0]["content"],
        }


def _messages(req: RecordedRequest) -> list:  # type: ignore[type-arg]
    from bot.llm.base import ChatMessage

    return [ChatMessage(role=m["role"], content=str(m["content"])) for m in req.messages]


def naive_prompt_tokens(counter: TokenCounter, system: str) -> int:
    """One call drafting the whole report: the same system prompt, every sample
    report in full, and the notes."""
    samples = load_samples(ROOT / "prompts" / "samples")
    text = "\n\n".join(s.text for s in samples) + "\n".join(NOTES.values())
    return counter.count(system) + counter.count(text)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=40.0, help="tokens per second")
    parser.add_argument("--chars", type=int, default=3000)
    args = parser.parse_args()
    conc = await one_run(args.rate, args.chars, concurrency=5)
    seq = await one_run(args.rate, args.chars, concurrency=1)
    limit = conc["outline"] + seq["longest"]
    naive = naive_prompt_tokens(TokenCounter.load(), conc["system"])
    print(
        f"fake server rate: {args.rate:.0f} tokens/s; target {args.chars} 字; {conc['units']:.0f} units"
    )
    print(f"outline: {conc['outline']:.2f} s; longest unit alone: {seq['longest']:.2f} s")
    print(f"concurrent: {conc['total']:.2f} s   sequential: {seq['total']:.2f} s")
    print(f"physical limit (outline + longest unit): {limit:.2f} s")
    print(f"concurrent / limit = {conc['total'] / limit:.3f} (target ≤ 1.15)")
    print(
        f"prompt tokens per report: {conc['prompt_tokens']:.0f}; naive all-samples prompt: {naive}"
    )
    print(f"ratio = {conc['prompt_tokens'] / naive:.3f} (target ≤ 0.30)")


if __name__ == "__main__":
    asyncio.run(main())

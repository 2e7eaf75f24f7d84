"""A rule-based "model" for the fake OpenAI server, for whole Telegram conversations.

Each writer task is recognised by a phrase of its prompt template (prompts/*.j2) and
answered the way a well-behaved model would: JSON for extract and outline, plain
Chinese prose of about the asked 字数 for sections, revisions, tightening and
存在的问题. Figures only ever come from the prompt (the user's facts), never made up.

    async with FakeOpenAIServer(responder=party_model) as llm: ...
"""

from __future__ import annotations

import json
import re

from tests.fakes.openai_server import RecordedRequest

FILLERS = (
    "坚持把党建工作与业务工作同谋划、同部署、同推进，推动各项任务落地落实。",
    "注重发挥支部战斗堡垒作用和党员先锋模范作用，凝聚干事创业的强大合力。",
    "及时总结经验做法，建立健全长效机制，推动工作常态化、制度化、规范化。",
    "坚持问题导向，对照上级要求逐项抓好落实，确保各项部署不折不扣落到实处。",
)
REVISED = "进一步细化了工作举措，做到目标明确、责任到人、措施具体、成效可查。"
HEADINGS = {
    "政治建设": "压实政治责任，把牢正确方向",
    "理论学习": "强化理论武装，筑牢思想根基",
    "组织建设": "严格组织生活，建强战斗堡垒",
    "作风和廉政建设": "加强作风建设，营造清朗生态",
    "党建引领业务": "坚持党建引领，推动融合发展",
    "特色亮点": "打造特色品牌，彰显支部特色",
}
KIND_OF_TOPIC = {
    "存在的问题": "problem",
    "原因": "cause",
    "下一步打算": "plan",
    "特色亮点": "highlight",
}
_FIGURE = re.compile(r"(\d+(?:\.\d+)?)(人次|万元|次|名|个|%|人|份|期|场|项|篇)")
_HEADING_LINE = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


def chars(text: str) -> int:
    return sum(1 for ch in text if ch.isalnum())


def party_model(req: RecordedRequest) -> str:
    """Answer one request of the LLM writer."""
    prompt = req.last_user_text
    if "事实条目" in prompt:
        return _extract(prompt)
    if "拟定提纲" in prompt:
        return _outline(prompt)
    if "请改写为约" in prompt:  # the 字数 pass
        target = int(re.search(r"请改写为约(\d+)字", prompt).group(1))  # type: ignore[union-attr]
        return fit(prompt.split("\n\n", 1)[1].strip(), target)
    if "请按用户的修改意见改写" in prompt:
        return _revise(prompt)
    if "压缩到约" in prompt or "扩写到约" in prompt:
        target = int(re.search(r"[压扩][缩写]到约(\d+)字", prompt).group(1))  # type: ignore[union-attr]
        return fit(prompt.split("原文：\n", 1)[1].strip(), target)
    if "根据用户列出的问题要点" in prompt:
        return _problems(prompt)
    if "撰写“" in prompt:
        return _section(prompt)
    return "一是" + FILLERS[0] + "二是" + FILLERS[1]  # a retry: any usable answer


def _extract(prompt: str) -> str:
    items = []
    for topic, text in re.findall(r"^【(.+?)】(.+)$", prompt, flags=re.M):
        figures = [
            {"value": v, "unit": u, "label": text[: text.find(v)][-6:] or topic}
            for v, u in _FIGURE.findall(text)
        ]
        kind = KIND_OF_TOPIC.get(topic, "figure" if figures else "activity")
        items.append({"id": "", "topic": topic, "kind": kind, "text": text, "figures": figures})
    for i, item in enumerate(items, 1):
        item["id"] = f"f{i}"
    return json.dumps({"items": items}, ensure_ascii=False)


def _outline(prompt: str) -> str:
    facts = re.findall(r"^- (f\d+)〔(.+?)〕(.+)$", prompt, flags=re.M)
    sections = re.findall(r"^- (\w+)“(.+?)”约\d+字，(\d+)至(\d+)(个小标题|点)", prompt, flags=re.M)
    plan = []
    for sid, _heading, low, high, style in sections:
        items: list[dict[str, object]] = []
        if style == "个小标题":
            for topic, heading in HEADINGS.items():
                ids = [fid for fid, t, _ in facts if t == topic]
                if ids and len(items) < int(high):
                    items.append({"heading": heading, "fact_ids": ids})
            while len(items) < int(low):
                items.append({"heading": list(HEADINGS.values())[len(items)], "fact_ids": []})
        else:
            wanted = {"problems": "problem", "plans": "plan"}.get(sid, "")
            mine = [(fid, text) for fid, t, text in facts if KIND_OF_TOPIC.get(t) == wanted]
            for fid, text in mine[: int(high)]:
                items.append({"heading": text.split("，")[0][:12], "fact_ids": [fid]})
        plan.append({"id": sid, "items": items})
    return json.dumps({"title": "", "sections": plan}, ensure_ascii=False)


def _facts(prompt: str) -> list[str]:
    block = prompt.split("事实（数字只能来自这里）：", 1)[-1].split("范例", 1)[0]
    lines = [line[2:].split("〔", 1)[0].strip() for line in block.splitlines()]
    return [f.rstrip("。；") for f in lines if f and not f.startswith("无（")]


def _section(prompt: str) -> str:
    target = int(re.search(r"约(\d+)字", prompt).group(1))  # type: ignore[union-attr]
    facts = _facts(prompt)
    if "依次以“一是”" not in prompt:  # one paragraph under a （一） heading
        return fit("；".join(facts) + "。" if facts else "", target)
    points = re.search(r"^要点：(.+)$", prompt, flags=re.M)
    heads = points.group(1).split("；") if points else facts or ["工作落实还不够到位"]
    lead = re.search(r"首行一句引语（如“(.+?)”）", prompt)
    lines = [lead.group(1)] if lead else []
    lines += [f"{_ordinal(i)}{h.rstrip('。')}。" for i, h in enumerate(heads)]
    if "产生以上问题的原因：”开头" in prompt:
        lines.append("产生以上问题的原因：一是思想认识还不到位。二是工作标准还不够高。")
    return fit("\n".join(lines), target)


def _problems(prompt: str) -> str:
    target = int(re.search(r"约(\d+)字", prompt).group(1))  # type: ignore[union-attr]
    notes = prompt.split("问题要点：\n", 1)[1].split("\n\n", 1)[0]
    bullets = [b.strip(" -•·、0123456789.；。") for b in re.split(r"[\n；]", notes)]
    lines = ["对照上级要求和群众期盼，我在抓基层党建工作中还存在一些差距和不足。"]
    lines += [f"{_ordinal(i)}{b}。" for i, b in enumerate(b for b in bullets if b)]
    if "产生以上问题的原因：”开头" in prompt:
        lines.append("产生以上问题的原因：一是思想认识还不到位。二是工作标准还不够高。")
    return fit("\n".join(lines), target)


def _revise(prompt: str) -> str:
    original = prompt.split("原文：\n", 1)[1].strip()
    lines = original.splitlines()
    for i in range(len(lines) - 1, -1, -1):
        if chars(lines[i]) > 20 and not _HEADING_LINE.match(lines[i]):
            lines[i] = lines[i] + REVISED
            break
    else:
        lines.append(REVISED)
    return "\n".join(lines)


def _ordinal(i: int) -> str:
    return "一二三四五六七八九十"[min(i, 9)] + "是"


def fit(text: str, target: int) -> str:
    """`text` brought to about `target` 字: sentences dropped from, or filler added to,
    its body paragraphs; headings and the first words of each point are kept."""
    lines = text.splitlines() or [""]
    body = [
        i for i, line in enumerate(lines) if not _HEADING_LINE.match(line) or chars(line) > 30
    ] or [len(lines) - 1]
    k = 0
    while chars("\n".join(lines)) < target * 0.95:
        i = body[k % len(body)]
        lines[i] += FILLERS[k % len(FILLERS)]
        k += 1
    while chars("\n".join(lines)) > target * 1.08:
        longest = max(body, key=lambda j: chars(lines[j]))
        sentences = re.findall(r"[^。]*。|[^。]+$", lines[longest])
        if len(sentences) <= 1:
            break
        lines[longest] = "".join(sentences[:-1])
    return "\n".join(line for line in lines if line.strip())

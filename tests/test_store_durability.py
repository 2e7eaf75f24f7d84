"""What was acknowledged survives: a clean restart, and a process killed without closing."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from bot.store import Store
from bot.store.engine import make_engine

ROOT = Path(__file__).resolve().parents[1]


def _url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path.as_posix()}"


async def test_written_with_one_store_read_by_the_next(tmp_path: Path) -> None:
    url = _url(tmp_path / "bot.db")
    async with await Store.open(url) as first:
        user = await first.get_or_create_user("terminal", "local", "周书记")
        doc = await first.create_document(user.id, "shuzhi", "述职", {"answers": {"q1": "十二次"}})
        await first.add_version(doc.id, "初稿全文", "初稿", "draft")
        await first.save_state(user.id, {"step": "interview", "topic": 3})
        await first.add_usage(user.id, 120, 80)

    async with await Store.open(url) as second:
        same = await second.get_or_create_user("terminal", "local")
        assert same.id == user.id
        assert await second.load_state(user.id) == {"step": "interview", "topic": 3}
        got = await second.get_document(doc.id, user.id)
        assert got is not None and got.meta == {"answers": {"q1": "十二次"}}
        latest = await second.latest_version(doc.id)
        assert latest is not None and latest.text == "初稿全文"
        assert (await second.usage_on(user.id)).total_tokens == 200


KILLED_WRITER = textwrap.dedent(
    """
    import asyncio, os, signal, sys
    from bot.store import Store

    async def main(url):
        store = await Store.open(url)
        user = await store.get_or_create_user("telegram", "42", "吴书记")
        doc = await store.create_document(user.id, "shuzhi", "述职")
        await store.add_version(doc.id, "第一稿", "初稿", "draft")
        await store.save_state(user.id, {"step": "revise", "doc": doc.id})
        await store.add_usage(user.id, 7, 3)
        print(doc.id, flush=True)  # acknowledged: everything above has returned
        os.kill(os.getpid(), signal.SIGKILL)  # no close(), no dispose, no atexit

    asyncio.run(main(sys.argv[1]))
    """
)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
async def test_nothing_acknowledged_is_lost_when_the_process_is_killed(tmp_path: Path) -> None:
    url = _url(tmp_path / "bot.db")
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        KILLED_WRITER,
        url,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert proc.returncode == -signal.SIGKILL, err.decode()
    doc_id = int(out.decode().strip())

    async with await Store.open(url) as store:
        user = await store.get_or_create_user("telegram", "42")
        assert user.display_name == "吴书记"
        assert await store.load_state(user.id) == {"step": "revise", "doc": doc_id}
        version = await store.get_current_version(doc_id, user_id=user.id)
        assert version is not None and version.text == "第一稿"
        assert (await store.usage_on(user.id)).calls == 1


async def test_a_failed_schema_change_leaves_no_half_schema(tmp_path: Path) -> None:
    engine = make_engine(_url(tmp_path / "bot.db"))
    try:
        with pytest.raises(RuntimeError):
            async with engine.begin() as conn:
                await conn.execute(text("CREATE TABLE half_done (id INTEGER)"))
                raise RuntimeError("killed mid-migration")
        async with engine.connect() as conn:
            names = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
        assert "half_done" not in names
    finally:
        await engine.dispose()


PARALLEL_STARTER = textwrap.dedent(
    """
    import asyncio, sys
    from bot.store import Store

    async def main(url, who):
        async with await Store.open(url) as store:
            user = await store.get_or_create_user("terminal", "shared")
            doc = await store.create_document(user.id, "shuzhi", who)
            for i in range(20):
                await store.add_version(doc.id, f"{who}-{i}", "", "draft")
                await store.add_usage(user.id, 1, 1)

    asyncio.run(main(sys.argv[1], sys.argv[2]))
    """
)


@pytest.mark.slow
async def test_processes_starting_and_writing_at_once_on_a_fresh_file(tmp_path: Path) -> None:
    url = _url(tmp_path / "bot.db")
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            PARALLEL_STARTER,
            url,
            f"p{n}",
            cwd=ROOT,
            stderr=asyncio.subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        for n in range(4)
    ]
    for proc in procs:
        _, err = await asyncio.wait_for(proc.communicate(), timeout=120)
        assert proc.returncode == 0, err.decode()

    async with await Store.open(url) as store:
        user = await store.get_or_create_user("terminal", "shared")
        docs = await store.list_documents(user.id)
        assert sorted(d.title for d in docs) == ["p0", "p1", "p2", "p3"]
        assert all(d.version_count == 20 for d in docs)
        assert (await store.usage_on(user.id)).calls == 80


async def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    store = await Store.open(_url(tmp_path / "bot.db"))
    async with store, store.engine.connect() as conn:
        assert (await conn.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
        assert (await conn.execute(text("PRAGMA foreign_keys"))).scalar() == 1


async def test_in_memory_database_works_for_quick_runs() -> None:
    async with await Store.open("sqlite+aiosqlite://") as store:
        user = await store.get_or_create_user("test", "1")
        doc = await store.create_document(user.id, "shuzhi", "临时")
        assert await store.add_version(doc.id, "正文", "", "draft") == 1
        assert [d.title for d in await store.list_documents(user.id)] == ["临时"]

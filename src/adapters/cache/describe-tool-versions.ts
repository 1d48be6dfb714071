// What identifies "the same tools" for the render cache: the helm and kustomize binaries (path,
// size and mtime: a replaced binary is a different tool, without paying a process start to ask
// it its version), the code of our own renderer (a changed renderer must not serve renders of
// the old one), and the V8 version (cache entries are V8-serialized).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { resolveTools, type ToolCommand, type Tools } from "../exec/resolve-tools.js";

/** Directories, relative to this module, whose code decides what a render returns. */
// Everything that shapes what a render sees: the renderer, the tools runner, how trees are written
// to disk (git) and chosen (cache: sparse checkouts), and the planning and input-set code.
const RENDER_CODE_DIRS = [
  "../render",
  "../exec",
  "../git",
  ".",
  "../../core/plan",
  "../../core/render",
  "../../core/argocd",
  "../../core/inputs",
];

export function describeToolVersions(tools: Tools = resolveTools()): string {
  const parts: string[] = [`v8 ${process.versions.v8}`, `renderer ${rendererCodeFingerprint()}`];
  for (const [name, t] of Object.entries(tools) as [string, ToolCommand | undefined][]) {
    if (!t) continue;
    let id = "missing";
    try {
      const s = statSync(t.path);
      id = `${s.size}:${Math.trunc(s.mtimeMs)}`;
    } catch {
      // reported by the renderer itself
    }
    parts.push(`${name} ${t.display} ${t.path} ${t.prefixArgs.join(" ")} ${id}`);
  }
  return parts.join("\n");
}

let fingerprint: string | undefined;

function rendererCodeFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const here = dirname(fileURLToPath(import.meta.url));
  const hash = createHash("sha256");
  for (const rel of RENDER_CODE_DIRS) {
    const dir = join(here, rel);
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      if (!/\.(js|ts)$/.test(name)) continue;
      try {
        if (!statSync(join(dir, name)).isFile()) continue;
        hash
          .update(`${rel}/${name}\0`)
          .update(readFileSync(join(dir, name)))
          .update("\0");
      } catch {
        // a file removed meanwhile
      }
    }
  }
  fingerprint = hash.digest("hex").slice(0, 16);
  return fingerprint;
}

let wholeCode: string | undefined;

/** All of our code (every module of this package, not only the renderer's): what a value built
 *  by the whole pipeline, such as a side kept across analyses, was computed with. */
export function codeFingerprint(): string {
  if (wholeCode !== undefined) return wholeCode;
  const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
  const hash = createHash("sha256");
  const walk = (rel: string): void => {
    let names: string[];
    try {
      names = readdirSync(join(root, rel)).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const path = rel ? `${rel}/${name}` : name;
      try {
        const s = statSync(join(root, path));
        if (s.isDirectory()) walk(path);
        else if (/\.(js|ts|json)$/.test(name))
          hash
            .update(`${path}\0`)
            .update(readFileSync(join(root, path)))
            .update("\0");
      } catch {
        // a file removed meanwhile
      }
    }
  };
  walk("");
  wholeCode = hash.digest("hex").slice(0, 16);
  return wholeCode;
}

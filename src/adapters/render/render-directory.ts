// A plain directory of YAML/JSON manifests, read as the repo-server does
// (argo-cd:reposerver/repository/repository.go (findManifests, getPotentiallyValidManifests,
// getObjsFromYAMLOrJson)).
import { lstat, readdir, readFile, realpath, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { Manifest, SourceRender } from "../../core/model.js";
import { isRecord } from "../../core/argocd/manifest.js";
import { versionAtLeast } from "../../core/plan/build-app-env.js";
import { SKIP_FILE_RENDERING_MARKER, selectDirectoryFiles } from "../../core/plan/select-directory-files.js";
import { decodeManifestStream, unwrapLists } from "../../core/render/split-manifests.js";
import { sourceError, type SourceContext } from "./source-context.js";

/** Argo CD 3.1 added the skip marker (docs/user-guide/directory.md). */
const SKIP_MARKER_SINCE = "3.1";

type Walked = { files: string[]; warnings: string[]; error?: string };

function isInside(root: string, p: string): boolean {
  const r = relative(root, p);
  return r === "" || (r !== ".." && !r.startsWith(`..${sep}`) && !r.startsWith(sep));
}

/** Regular files (and symlinks to regular files inside the repository) under the app directory.
 *  Like filepath.Walk, symlinked directories are not descended into. */
async function walkAppDir(params: { repoRoot: string; appDir: string; recurse: boolean }): Promise<Walked> {
  const out: Walked = { files: [], warnings: [] };
  const realRoot = await realpath(params.repoRoot);
  async function visit(rel: string): Promise<void> {
    const entries = await readdir(join(params.appDir, rel), { withFileTypes: true });
    for (const e of entries) {
      if (out.error) return;
      const p = rel ? `${rel}/${e.name}` : e.name;
      const full = join(params.appDir, p);
      if (e.isDirectory()) {
        if (params.recurse) await visit(p);
        continue;
      }
      if (e.isSymbolicLink()) {
        if (!/\.(yaml|yml|json|jsonnet)$/.test(e.name)) continue;
        let target: string;
        try {
          target = await realpath(full);
        } catch {
          out.warnings.push(`destination of symlink ${p} is missing`);
          continue;
        }
        if (!isInside(realRoot, target)) {
          out.error = `illegal filepath in symlink at ${p}`;
          return;
        }
        if (!(await stat(target)).isFile()) continue;
        out.files.push(p);
        continue;
      }
      if ((await lstat(full)).isFile()) out.files.push(p);
    }
  }
  await visit("");
  return out;
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

export async function renderDirectory(ctx: SourceContext): Promise<SourceRender> {
  const d = isRecord(ctx.source.directory) ? ctx.source.directory : {};
  const appDir = join(ctx.rootDir, ctx.appPath);
  const walked = await walkAppDir({ repoRoot: ctx.rootDir, appDir, recurse: d.recurse === true });
  if (walked.error) return sourceError("directory", "invalid-input", `directory: ${walked.error}`);
  const files = selectDirectoryFiles({
    files: walked.files,
    recurse: d.recurse === true,
    include: str(d.include),
    exclude: str(d.exclude),
  });
  const jsonnet = files.find((f) => f.endsWith(".jsonnet"));
  // Rendering jsonnet wrongly would be worse than saying we cannot.
  if (jsonnet)
    return sourceError(
      "directory",
      "unsupported",
      `directory: jsonnet is not supported (${jsonnet})`,
      "jsonnet is not rendered by this tool",
    );
  const skipMarker = versionAtLeast(ctx.config.argocd.version, SKIP_MARKER_SINCE);
  const warnings = [...walked.warnings];
  const objects: Manifest[] = [];
  let total = 0;
  for (const f of files) {
    const text = await readFile(join(appDir, f), "utf8");
    // Argo CD caps the combined size too (reposerver.max.combined.directory.manifests.size).
    total += Buffer.byteLength(text);
    if (total > ctx.config.render.maxOutputBytes) {
      return sourceError(
        "directory",
        "invalid-input",
        `directory: manifests exceed ${ctx.config.render.maxOutputBytes} bytes`,
      );
    }
    if (skipMarker && text.includes(SKIP_FILE_RENDERING_MARKER)) continue;
    if (f.endsWith(".json")) {
      const r = parseJsonFile(f, text);
      if (!r.ok) return sourceError("directory", "invalid-input", `directory: ${r.error}`);
      objects.push(r.obj);
      continue;
    }
    const decoded = decodeManifestStream(text);
    if (decoded.error !== undefined) {
      // Some objects read, or text that looks like a manifest: the user broke it. Otherwise it is
      // unrelated YAML (a values file, CI config) and Argo CD ignores it.
      const looksLikeManifest = text.includes("apiVersion:") && text.includes("kind:") && text.includes("metadata:");
      if (decoded.objects.length > 0 || looksLikeManifest) {
        return sourceError("directory", "invalid-input", `directory: Failed to unmarshal "${f}": ${decoded.error}`);
      }
      warnings.push(`ignored ${f}: not a Kubernetes manifest`);
      continue;
    }
    objects.push(...decoded.objects);
  }
  const unwrapped = unwrapLists(objects);
  if (!unwrapped.ok) return sourceError("directory", "invalid-input", `directory: ${unwrapped.error}`);
  return {
    status: "rendered",
    tool: "directory",
    manifests: unwrapped.manifests,
    ...(warnings.length ? { warnings } : {}),
  };
}

/** A .json file must hold exactly one object with a kind. */
function parseJsonFile(file: string, text: string): { ok: true; obj: Manifest } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const decoded = decodeManifestStream(text);
    if (decoded.objects.length > 1 || (decoded.objects.length === 1 && decoded.error === undefined)) {
      return {
        ok: false,
        error: `Found multiple objects in "${file}". Only single objects are allowed in JSON files.`,
      };
    }
    return { ok: false, error: `Failed to unmarshal "${file}": ${decoded.error ?? "invalid JSON"}` };
  }
  if (!isRecord(value)) return { ok: false, error: `Failed to unmarshal "${file}": not a JSON object` };
  if (typeof value.kind !== "string" || value.kind === "")
    return { ok: false, error: `Failed to unmarshal "${file}": Object 'Kind' is missing` };
  return { ok: true, obj: value };
}

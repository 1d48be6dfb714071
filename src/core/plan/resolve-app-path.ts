// Where a source's path points inside its tree (argo-cd:util/app/path/path.go (Path)):
// an absolute path or one that climbs out of the checkout is an error, never a read outside it.
import { posix } from "node:path";

export type AppPathResult = { ok: true; path: string } | { ok: false; error: string };

/** Returns the normalised repo-relative app path ("" = the repository root). */
export function resolveAppPath(path: string | undefined): AppPathResult {
  const raw = path ?? "";
  if (posix.isAbsolute(raw) || /^[a-zA-Z]:[\\/]/.test(raw)) return { ok: false, error: `${raw}: app path is absolute` };
  const n = posix.normalize(raw === "" ? "." : raw).replace(/\/+$/, "");
  if (n === ".." || n.startsWith("../")) return { ok: false, error: `${raw}: app path outside root` };
  return { ok: true, path: n === "." ? "" : n };
}

/** A source with `ref` and neither path nor chart only lends its files to `$ref/` value files
 *  (repository.go (GenerateManifest), the "ref only" branch). */
export function isRefOnlySource(source: { ref?: string; path?: string; chart?: string }): boolean {
  return Boolean(source.ref) && !source.path && !source.chart;
}

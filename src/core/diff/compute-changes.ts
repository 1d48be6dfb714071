// `changes[]` (INTERFACE.md section 3, additions): for each modified resource of each app, the
// field paths that differ and a unified diff of the rendered YAML, keys sorted so that a reordered
// map is no change. Only resources present on both sides with different bodies are diffed, after
// the rest of the analysis: the cost grows with what changed, not with the repository.
import { structuredPatch } from "diff";
import { stringify } from "yaml";
import type { Config } from "../../config/config.js";
import type { Change, Manifest, Resource } from "../model.js";
import type { SideState } from "../side-state.js";
import { cmp, isRecord } from "../argocd/manifest.js";
import { compareRefs } from "../refs.js";
import { formatPath, type PathSegment } from "./field-path.js";
import { ignoredWhole, isSecret, maskSecretPair, normalizeForDiff, summariseValues } from "./normalize-for-diff.js";
import { stableStringify } from "./pair-apps.js";
import { clusterIdOf } from "../argocd/cluster-id.js";

/** Lines of context around each hunk, as `diff -u`. */
const CONTEXT_LINES = 3;
/** A diff longer than this is not kept: its line count is (the JSON would otherwise carry megabytes). */
export const CHANGE_DIFF_MAX_LINES = 5000;
/** Lines added plus removed past which the diff is not computed at all: Myers is O(N·D), and
 *  past this the diff is no reading matter anyway (about 0.15 s at worst on 6,000 lines). */
const MAX_EDIT_LENGTH = 1000;
/** Field paths listed per resource; the diff has the rest. */
const PATHS_MAX = 50;

export function computeChanges(params: { base: SideState; head: SideState; config: Config }): Change[] {
  const { base, head, config } = params;
  const out: Change[] = [];
  for (const [key, h] of head.apps) {
    const b = base.apps.get(key);
    if (!b?.desired || !h.desired) continue;
    for (const [k, hr] of h.desired.resources) {
      const br = b.desired.resources.get(k);
      if (!br || stableStringify(br.obj) === stableStringify(hr.obj)) continue;
      const change = diffResource({ app: h.spec.name, base: br, head: hr, config });
      // The cluster the change lands on (INTERFACE.md section 3): the head side's destination.
      if (change) {
        const { app, ref, ...rest } = change;
        out.push({ app, ref, cluster: clusterIdOf(h.spec, config), ...rest });
      }
    }
  }
  return out.sort((x, y) => cmp(x.app, y.app) || compareRefs(x.ref, y.ref) || cmp(x.cluster ?? "", y.cluster ?? ""));
}

export function diffResource(params: {
  app: string;
  base: Resource;
  head: Resource;
  config: Config;
}): Change | undefined {
  const { app, base, head, config } = params;
  const ref = head.ref;
  if (ignoredWhole({ ref, config })) return undefined;
  const b = normalizeForDiff({ obj: base.obj, ref, config });
  const h = normalizeForDiff({ obj: head.obj, ref, config });
  if (isSecret(ref)) maskSecretPair(b, h);
  const bs = summariseValues(b) as Manifest;
  const hs = summariseValues(h) as Manifest;
  const paths: PathSegment[][] = [];
  changedPaths(bs, hs, [], paths);
  if (paths.length === 0) return undefined;
  const shownPaths = paths.slice(0, PATHS_MAX).map(formatPath);
  if (paths.length > PATHS_MAX) shownPaths.push(`… and ${paths.length - PATHS_MAX} more`);
  const before = toYaml(bs);
  const after = toYaml(hs);
  const patch = structuredPatch("base", "head", before, after, undefined, undefined, {
    context: CONTEXT_LINES,
    maxEditLength: MAX_EDIT_LENGTH,
  });
  const lines = patch ? patch.hunks.reduce((n, hk) => n + hk.lines.length + 1, 2) : undefined;
  if (!patch || lines === undefined || lines > CHANGE_DIFF_MAX_LINES) {
    const n = lines ?? countLines(before) + countLines(after);
    return { app, ref, paths: shownPaths, diff: `diff too large (${n} lines)\n`, diffTooLarge: n };
  }
  const body = patch.hunks.map((hk) => `${hunkHeader(hk)}\n${hk.lines.join("\n")}\n`).join("");
  return { app, ref, paths: shownPaths, diff: `--- base\n+++ head\n${body}` };
}

/** Keys sorted at every level: the same object always prints the same lines. */
function toYaml(obj: Manifest): string {
  return stringify(obj, { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false });
}

function hunkHeader(h: { oldStart: number; oldLines: number; newStart: number; newLines: number }): string {
  const range = (start: number, n: number): string => (n === 1 ? `${start}` : `${start},${n}`);
  return `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`;
}

function countLines(text: string): number {
  return text.split("\n").length - 1;
}

/** The leaves (or whole subtrees, when one side lacks them) that differ, in key order. */
function changedPaths(a: unknown, b: unknown, at: PathSegment[], out: PathSegment[][]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length || i >= b.length) out.push([...at, i]);
      else changedPaths(a[i], b[i], [...at, i], out);
    }
    return;
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(cmp);
    for (const k of keys) {
      if (!(k in a) || !(k in b)) out.push([...at, k]);
      else changedPaths(a[k], b[k], [...at, k], out);
    }
    return;
  }
  if (stableStringify(a) !== stableStringify(b)) out.push(at);
}

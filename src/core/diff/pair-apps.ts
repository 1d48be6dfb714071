// Pairs each Application of base and head and lists what changed in its desired state.
import type { AppReport, AppSpec, Ref, Resource, Side } from "../model.js";
import type { SideApp, SideState } from "../side-state.js";
import { cmp } from "../argocd/manifest.js";
import { sortRefs } from "../refs.js";
import { destinationOf, specChangesOf } from "./spec-changes.js";
import { inputsChanged } from "./inputs-changed.js";

export function pairApps(params: { base: SideState; head: SideState; changedFiles?: readonly string[] }): AppReport[] {
  const { base, head } = params;
  const keys = [...new Set([...base.apps.keys(), ...head.apps.keys()])].sort(cmp);
  return keys.map((key) => reportOne(base.apps.get(key), head.apps.get(key), params.changedFiles));
}

function reportOne(b: SideApp | undefined, h: SideApp | undefined, changedFiles?: readonly string[]): AppReport {
  const spec = (h ?? b)!.spec;
  const errors: AppReport["errors"] = [];
  const pushErr = (side: Side, app: SideApp | undefined): void => {
    if (app?.render.error) errors.push({ side, message: app.render.error });
  };
  pushErr("base", b);
  pushErr("head", h);
  const baseRes = b?.desired?.resources ?? new Map<string, Resource>();
  const headRes = h?.desired?.resources ?? new Map<string, Resource>();
  const added: Ref[] = [];
  const modified: Ref[] = [];
  const removed: Ref[] = [];
  // A side that failed to render has no known desired state: list nothing rather than everything.
  const comparable = (!b || b.desired) && (!h || h.desired);
  if (comparable) {
    for (const [k, r] of headRes) {
      const old = baseRes.get(k);
      if (!old) added.push(r.ref);
      else if (stableStringify(old.obj) !== stableStringify(r.obj)) modified.push(r.ref);
    }
    for (const [k, r] of baseRes) if (!headRes.has(k)) removed.push(r.ref);
  }
  let change: AppReport["change"];
  if (!b) change = "added";
  else if (!h) change = "removed";
  else if (
    added.length + modified.length + removed.length > 0 ||
    specChanged(b.spec, h.spec) ||
    (b.render.error ?? "") !== (h.render.error ?? "") ||
    // A failing app whose inputs changed: what it would change is unknown, not "nothing".
    (h.render.error !== undefined && inputsChanged(b, h, changedFiles)) ||
    !sameHooks(b, h)
  )
    change = "modified";
  else change = "unchanged";
  const destination = destinationOf(spec);
  const specChanges = b && h && b.spec !== h.spec ? specChangesOf(b.spec, h.spec) : [];
  return {
    name: spec.name,
    generatedBy: spec.generatedBy,
    change,
    autoSync: spec.syncPolicy.automated,
    autoPrune: spec.syncPolicy.prune,
    // An unchanged app is simply unchanged: a failure it already had is not this change's.
    errors: change === "unchanged" ? [] : errors,
    resources: { added: sortRefs(added), modified: sortRefs(modified), removed: sortRefs(removed) },
    ...(Object.keys(destination).length > 0 ? { destination } : {}),
    ...(specChanges.length > 0 ? { specChanges } : {}),
  };
}

export function specChanged(a: AppSpec, b: AppSpec): boolean {
  // The same declaration (one blob on both sides gives one spec) is unchanged without a look.
  if (a === b || a.manifest === b.manifest) return false;
  return manifestJson(a.manifest) !== manifestJson(b.manifest);
}

/** A spec's canonical JSON, once per manifest object (specs are never changed once made): every
 *  rule asks about the same pairs, and an analysis of 10,000 apps asks 10,000 times per rule. */
const manifestJsons = new WeakMap<object, string>();
function manifestJson(m: AppSpec["manifest"]): string {
  let s = manifestJsons.get(m);
  if (s === undefined) manifestJsons.set(m, (s = stableStringify(m)));
  return s;
}

function sameHooks(b: SideApp, h: SideApp): boolean {
  const s = (x: SideApp): string => stableStringify((x.desired?.hooks ?? []).map((r) => r.obj));
  return s(b) === s(h);
}

/** JSON with sorted keys: equal objects give equal strings whatever their key order. Written as
 *  loops (no entries/filter/map arrays): it runs over every spec and resource of both sides. */
export function stableStringify(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) {
    let out = "[";
    for (let i = 0; i < v.length; i++) out += (i > 0 ? "," : "") + stableStringify(v[i]);
    return `${out}]`;
  }
  const o = v as Record<string, unknown>;
  // the default sort compares UTF-16 code units, as cmp does
  const keys = Object.keys(o).sort();
  let out = "{";
  let first = true;
  for (const k of keys) {
    const x = o[k];
    if (x === undefined) continue;
    out += `${first ? "" : ","}${JSON.stringify(k)}:${stableStringify(x)}`;
    first = false;
  }
  return `${out}}`;
}

// Head as the base side with what the change touches redone, instead of a walk over every app:
// when the changed paths touch nothing that decided the base side's structure (core/inputs/
// side-index: the files declaring ApplicationSets or claimed Applications, the generators, the
// apps that were rendered), the head side has the same Applications, declared the same way, but
// for two things:
//   - the Application files of the index that change: their Applications go (a file removed, or
//     left declaring nothing) or change in place (the same names in the same order);
//   - the apps whose content key read a changed path: keyed again on head.
// Anything else (an Application added, renamed or moved, a file that starts declaring something,
// an app whose source now covers another Application file, a key that cannot be computed) returns
// undefined, and head is built in full. Both give the same side.
import type { AppSpec } from "../core/model.js";
import type { RepoTree } from "../core/ports.js";
import type { SideApp, SideState } from "../core/side-state.js";
import { touchedByChanges, type SideIndex } from "../core/inputs/side-index.js";
import { findAppManifestsInFile } from "../core/discover/find-app-manifests.js";
import { fileApplication } from "../core/argocd/file-application.js";
import { isUnder, sourceDir } from "../core/discover/claimed-paths.js";
import { matchesRepo } from "../core/argocd/repo-url.js";
import { isManifestFile, mayDeclareApps } from "../adapters/git/discover-app-files.js";
import type { SidesContext } from "./build-sides.js";

/** Process-wide count of head sides derived from the base side, for the benchmark and tests. */
export const derivedCounters = { derived: 0, declined: 0 };

export async function deriveHead(
  ctx: SidesContext,
  p: { base: SideState; index: SideIndex; baseTree: RepoTree; headTree: RepoTree },
): Promise<SideState | undefined> {
  const out = await derive(ctx, p);
  if (out) derivedCounters.derived++;
  else derivedCounters.declined++;
  return out;
}

async function derive(
  ctx: SidesContext,
  p: { base: SideState; index: SideIndex; baseTree: RepoTree; headTree: RepoTree },
): Promise<SideState | undefined> {
  const { base, index, headTree } = p;
  if (base.incomplete !== undefined) return undefined;
  const changes = await ctx.changes.between(p.baseTree, headTree);
  if (!changes) return undefined;
  const touched = touchedByChanges(index, changes);
  if (!touched) return undefined;
  // A manifest file the index does not know of that declares something on head: a new declaration.
  const others = [...changes.paths].filter((f) => isManifestFile(f) && !index.appFiles.has(f));
  if (others.length > 0) {
    const ids = headTree.fileIds ? await headTree.fileIds() : undefined;
    if (!ids) return undefined;
    const present = others.filter((f) => ids.has(f));
    if (present.length > 0 && (await mayDeclareApps(headTree, present))) return undefined;
  }
  const candidates = await ctx.discovery.candidatesOf(p.baseTree);
  if (!candidates) return undefined;
  const files = candidates.map((c) => c.path);
  const ns = ctx.config.argocdNamespace;
  const isLocal = (url: string): boolean => matchesRepo(url, ctx.repoURLs);
  // No claim changes: an app that goes or changes must not cover another declaring file, before
  // or after (that file would become, or stop being, one of its children).
  const claimsOthers = (spec: AppSpec, own: string): boolean =>
    spec.sources.some((s) => {
      const dir = isLocal(s.repoURL) ? sourceDir(s) : undefined;
      return dir !== undefined && files.some((f) => f !== own && isUnder(f, dir));
    });

  const apps = new Map<string, SideApp>(base.apps);
  const job = (spec: AppSpec) => ({ app: spec, side: "head" as const, trees: ctx.trees.head, config: ctx.config });
  const redone = new Set<string>();
  for (const file of touched.appFiles) {
    const keys = index.appFiles.get(file)!;
    const olds = keys.map((k) => base.apps.get(k));
    if (olds.some((a) => a === undefined || claimsOthers(a.spec, file))) return undefined;
    const text = await headTree.readFile(file);
    const found = text === undefined ? { docs: [], parseErrors: [] } : findAppManifestsInFile(file, text);
    if (found.parseErrors.length > 0 || found.docs.some((d) => d.kind !== "Application")) return undefined;
    if (found.docs.length === 0) {
      for (const k of keys) apps.delete(k);
      continue;
    }
    const specs = found.docs.map((d) => fileApplication(d.obj, file, ns));
    if (specs.length !== keys.length || specs.some((s, i) => s.key !== keys[i] || claimsOthers(s, file)))
      return undefined;
    for (const [i, spec] of specs.entries()) {
      const old = olds[i]!;
      const deferred = await ctx.renderer.deferKey?.(job(spec));
      if (deferred === undefined) return undefined;
      apps.set(spec.key, { ...old, spec, render: { app: spec.key, manifests: [], sources: [] }, deferred });
      redone.add(spec.key);
    }
  }
  for (const key of touched.keys) {
    const app = apps.get(key);
    if (app === undefined || redone.has(key)) continue; // gone with its file, or keyed above
    if (app.deferred === undefined) return undefined;
    const deferred = await ctx.renderer.deferKey?.(job(app.spec));
    if (deferred === undefined) return undefined;
    if (deferred !== app.deferred) apps.set(key, { ...app, deferred });
  }
  const { rev, sha } = ctx.sides.head;
  return { ...base, rev, sha, apps };
}

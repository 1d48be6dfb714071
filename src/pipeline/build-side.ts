// Builds everything known about one side: discover the Applications and ApplicationSets declared
// in the repository, keep those that no other app renders (the roots), then render the tree of
// apps (app-of-apps, ApplicationSets) as Argo CD would. Desired states come after both sides are
// built (build-sides.ts: withDesiredStates), once the apps left unrendered are known.
import type { Config } from "../config/config.js";
import type { AppRender, AppSetResult, AppSetSpec, AppSpec, Manifest, Side } from "../core/model.js";
import type { Renderer, RepoTree, SourceTrees } from "../core/ports.js";
import type { SideApp, SideAppSet, SideState } from "../core/side-state.js";
import type { FoundAppManifests } from "../core/discover/find-app-manifests.js";
import { createAppFileDiscovery } from "../adapters/git/discover-app-files.js";
import { indexClaims, sourceDir } from "../core/discover/claimed-paths.js";
import { parseApplication } from "../core/argocd/parse-application.js";
import { fileApplication } from "../core/argocd/file-application.js";
import { appKey } from "../core/refs.js";
import { isRecord, kindOf, nameOf, namespaceOf } from "../core/argocd/manifest.js";
import { APPLICATIONSET_KIND, APPLICATION_KIND } from "../core/argocd/constants.js";
import { matchesRepo } from "../core/argocd/repo-url.js";
import { createScopeTable } from "../core/argocd/scope.js";
import { buildDesiredState } from "../core/diff/build-desired-state.js";
import { mapPool } from "./run-pool.js";
import { stableStringify } from "../core/diff/pair-apps.js";

export type AppSetEvaluator = (params: {
  appSet: AppSetSpec;
  config: Config;
  trees: SourceTrees;
}) => Promise<AppSetResult>;

export interface BuildSideParams {
  side: Side;
  rev: string;
  tree: RepoTree;
  trees: SourceTrees;
  renderer: Renderer;
  evaluateAppSet: AppSetEvaluator;
  config: Config;
  repoURLs: string[];
  concurrency: number;
  onRendered?: (app: string) => void;
  onQueued?: (total: number) => void;
  /** let the renderer defer apps whose inputs it can key (see Renderer.deferKey) */
  deferRenders?: boolean;
  /** at most this many Applications on one side (default MAX_APPS); tests lower it */
  maxApps?: number;
  /** finds the manifests declared in the tree's files (default: a discovery of this side alone) */
  discover?: (tree: RepoTree) => Promise<FoundAppManifests>;
}

/** Apps of one round being keyed or rendered at once (renders themselves are limited further down). */
const WALK_WIDTH = 32;

/** Guards against app-of-apps cycles and runaway generation. */
const MAX_APPS = 20000;

export async function buildSide(p: BuildSideParams): Promise<SideState> {
  const { config } = p;

  // 1. Manifests declared in files (a file seen on the other side, same blob, is not parsed again).
  const found = await (p.discover ?? ((t: RepoTree) => createAppFileDiscovery().discover(t)))(p.tree);

  const fileApps: AppSpec[] = [];
  const fileSets: AppSetSpec[] = [];
  for (const d of found.docs) {
    if (d.kind === "Application") {
      fileApps.push(fileApplication(d.obj, d.file, config.argocdNamespace));
    } else {
      fileSets.push(appSetSpec(d.obj, { kind: "file", file: d.file }, config.argocdNamespace));
    }
  }

  // 2. Roots: declarations in files that no other app reads.
  const isLocal = (repoURL: string): boolean => matchesRepo(repoURL, p.repoURLs);
  const setResults = new Map<string, AppSetResult>();
  const generatedBySet = new Map<string, AppSpec[]>();
  for (const s of fileSets) {
    const r = await p.evaluateAppSet({ appSet: s, config, trees: p.trees });
    setResults.set(s.key, r);
    generatedBySet.set(s.key, r.ok ? r.apps.map((obj) => generatedApp(obj, s, config)) : []);
  }
  const claimers: { owner: string; dir: string }[] = [];
  for (const app of [...fileApps, ...[...generatedBySet.values()].flat()]) {
    for (const src of app.sources) {
      const dir = sourceDir(src);
      if (dir !== undefined && isLocal(src.repoURL)) claimers.push({ owner: ownerFile(app), dir });
    }
  }
  const claimed = indexClaims(claimers);

  // 3. Walk the tree of apps, in rounds: render every app whose chosen declaration has not been
  //    rendered yet, then apply the results in the order of the round (parent by parent, each
  //    parent's manifests in order), never in the order renders finish. The same input gives the
  //    same declarations whatever the concurrency.
  const walk: Walk = {
    declarations: new Map(),
    renderedBy: new Map(),
    renders: new Map(),
    deferred: new Map(),
    appSets: new Map(),
  };
  for (const app of fileApps)
    if (!claimed(app.origin.kind === "file" ? app.origin.file : "")) declare(walk, app, app.generatedBy);
  for (const s of fileSets) {
    if (claimed(s.origin.kind === "file" ? s.origin.file : "")) continue;
    declareSet(walk, { set: s, result: setResults.get(s.key)!, apps: generatedBySet.get(s.key)! }, isLocal);
  }

  // Which declaration Argo CD ends up with: an ApplicationSet takes an existing app over;
  // otherwise the last declaration applied wins. A file declaration is replaced silently by a
  // rendered one of the same name (the file is the parent's input, not a second Application).
  // Render until every app's chosen declaration has been rendered (children arrive as we go).
  // A declaration is rendered once: an app-of-apps that renders its own Application (a
  // self-managed root) declares the same spec again and is not rendered a third time.
  // app key -> the specs rendered under it; a spec is compared by content (identityOf) only with
  // the specs rendered under its own key, and only when it is not one of them (most keys are
  // rendered once: their content is never serialized)
  const rendered = new Map<string, AppSpec[]>();
  const wasRendered = (key: string, spec: AppSpec): boolean => {
    const done = rendered.get(key);
    if (!done) return false;
    if (done.includes(spec)) return true;
    const id = identityOf(spec);
    return done.some((s) => identityOf(s) === id);
  };
  let incomplete: string | undefined;
  for (;;) {
    const pending = [...walk.declarations.entries()]
      .map(([key, list]) => ({ key, spec: chooseDeclaration(list).spec }))
      .filter((d) => !wasRendered(d.key, d.spec));
    if (pending.length === 0) break;
    // Past the bound, stop rendering but keep what was analysed: the report says it is incomplete.
    const maxApps = p.maxApps ?? MAX_APPS;
    if (walk.declarations.size > maxApps) {
      incomplete = `more than ${maxApps} Applications (an app-of-apps cycle or a runaway generator?); the rest were not rendered`;
      break;
    }
    p.onQueued?.(walk.declarations.size);
    for (const d of pending) {
      const done = rendered.get(d.key);
      if (done) done.push(d.spec);
      else rendered.set(d.key, [d.spec]);
    }
    // Wider than the render limit: most apps are only keyed (deferred), which reads git blobs and
    // no tool; the shared renderer bounds the tool processes (limit-renderer). Results are applied
    // in the order of the round whatever the width.
    const results = await mapPool(pending, Math.max(p.concurrency, WALK_WIDTH), ({ spec }) => renderOne(p, spec));
    for (const r of results) applyResult(walk, r, isLocal);
  }

  const apps = new Map<string, SideApp>();
  for (const [key, list] of walk.declarations) {
    const render = walk.renders.get(key);
    if (!render) continue;
    const deferred = walk.deferred.get(key);
    apps.set(key, {
      spec: chooseDeclaration(list).spec,
      render,
      declarations: distinctDeclarations(list),
      ...(deferred !== undefined ? { deferred } : {}),
    });
  }
  return {
    rev: p.rev,
    sha: p.tree.revision,
    apps,
    appSets: walk.appSets,
    parseErrors: found.parseErrors,
    ...(incomplete !== undefined ? { incomplete } : {}),
  };
}

/** What the walk of one side knows so far: owned by buildSide, changed only by the steps it
 *  passes it to (declare, declareSet, applyResult), in a fixed order. */
interface Walk {
  declarations: Map<string, Declaration[]>;
  /** parent app key -> keys of the apps it declared (forgetRenderedBy without a scan of all) */
  renderedBy: Map<string, Set<string>>;
  renders: Map<string, AppRender>;
  /** apps left unrendered: the content key of their inputs */
  deferred: Map<string, string>;
  appSets: Map<string, SideAppSet>;
}

/** One render of one app: what it declares, in the order of its manifests. */
interface RenderResult {
  spec: AppSpec;
  render: AppRender;
  deferred?: string;
  appSets: GeneratedSet[];
  children: AppSpec[];
}

interface GeneratedSet {
  set: AppSetSpec;
  result: AppSetResult;
  apps: AppSpec[];
}

/** Renders one app (or defers it) and reads what it declares; changes nothing. */
async function renderOne(p: BuildSideParams, spec: AppSpec): Promise<RenderResult> {
  const { config } = p;
  const job = { app: spec, side: p.side, trees: p.trees, config };
  // An app that cannot render Applications and whose inputs are known waits: if its inputs are
  // the same on the other side, it is unchanged and may never need rendering (completeSides).
  const key = p.deferRenders ? await p.renderer.deferKey?.(job) : undefined;
  if (key !== undefined) {
    p.onRendered?.(spec.name);
    return { spec, render: { app: spec.key, manifests: [], sources: [] }, deferred: key, appSets: [], children: [] };
  }
  const render = await p.renderer.render(job);
  p.onRendered?.(spec.name);
  const result: RenderResult = { spec, render, appSets: [], children: [] };
  if (render.error) return result;
  for (const obj of render.manifests) {
    const kind = kindOf(obj);
    if (!isArgo(obj) || (kind !== APPLICATION_KIND && kind !== APPLICATIONSET_KIND)) continue;
    // The controller gives a namespaced object without namespace the parent's destination namespace.
    const ns = namespaceOf(obj) || spec.destination.namespace || config.argocdNamespace;
    const withNs: Manifest = { ...obj, metadata: { ...(isRecord(obj.metadata) ? obj.metadata : {}), namespace: ns } };
    if (kind === APPLICATION_KIND) {
      result.children.push(
        parseApplication({
          obj: withNs,
          origin: { kind: "app", parent: spec.key },
          generatedBy: `Application/${spec.name}`,
          argocdNamespace: config.argocdNamespace,
        }),
      );
    } else {
      const set = appSetSpec(withNs, { kind: "app", parent: spec.key }, config.argocdNamespace);
      const evaluated = await p.evaluateAppSet({ appSet: set, config, trees: p.trees });
      const apps = evaluated.ok ? evaluated.apps.map((o) => generatedApp(o, set, config)) : [];
      result.appSets.push({ set, result: evaluated, apps });
    }
  }
  return result;
}

/** A parent rendered again replaces what its previous render declared; then its ApplicationSets
 *  declare their Applications, then its own Application manifests follow. */
function applyResult(walk: Walk, r: RenderResult, isLocal: (url: string) => boolean): void {
  walk.renders.set(r.spec.key, r.render);
  if (r.deferred !== undefined) walk.deferred.set(r.spec.key, r.deferred);
  else walk.deferred.delete(r.spec.key);
  forgetRenderedBy(walk, r.spec.key);
  for (const g of r.appSets) declareSet(walk, g, isLocal);
  for (const c of r.children) declare(walk, c, c.generatedBy, r.spec.key);
}

function declare(walk: Walk, spec: AppSpec, from: string, renderedBy?: string): void {
  const list = walk.declarations.get(spec.key) ?? [];
  list.push({ spec, from, ...(renderedBy ? { renderedBy } : {}) });
  walk.declarations.set(spec.key, list);
  if (renderedBy) {
    let children = walk.renderedBy.get(renderedBy);
    if (!children) walk.renderedBy.set(renderedBy, (children = new Set()));
    children.add(spec.key);
  }
}

/** The first declaration of an ApplicationSet counts (a second one of the same name is ignored). */
function declareSet(walk: Walk, g: GeneratedSet, isLocal: (url: string) => boolean): void {
  if (walk.appSets.has(g.set.key)) return;
  walk.appSets.set(g.set.key, {
    spec: g.set,
    result: g.result,
    generated: g.apps.map((a) => a.key),
    readsThisRepo: templateReadsRepo(g.set.manifest, isLocal),
  });
  for (const a of g.apps) declare(walk, a, `ApplicationSet/${g.set.name}`);
}

function forgetRenderedBy(walk: Walk, parentKey: string): void {
  const children = walk.renderedBy.get(parentKey);
  if (!children) return;
  walk.renderedBy.delete(parentKey);
  for (const key of children) {
    const list = walk.declarations.get(key);
    if (!list) continue;
    const kept = list.filter((d) => d.renderedBy !== parentKey);
    if (kept.length !== list.length) {
      if (kept.length === 0) walk.declarations.delete(key);
      else walk.declarations.set(key, kept);
    }
  }
}

/**
 * Each rendered app with its desired state, with the scope of custom kinds learnt from every CRD
 * rendered on this side. With `only`, the other apps keep the desired state they have (the caller
 * knows the scopes did not change). A new value: the apps given are not changed.
 */
export function withDesiredStates(
  apps: ReadonlyMap<string, SideApp>,
  config: Config,
  only?: ReadonlySet<string>,
): ReadonlyMap<string, SideApp> {
  const scopes = createScopeTable([...apps.values()].flatMap((a) => a.render.manifests));
  const out = new Map<string, SideApp>();
  for (const [key, app] of apps) {
    if (only && !only.has(key)) {
      out.set(key, app);
      continue;
    }
    const desired =
      app.render.error || app.deferred !== undefined
        ? undefined
        : buildDesiredState({ app: app.spec, manifests: app.render.manifests, scopes, config });
    const { desired: _old, ...rest } = app;
    out.set(key, desired ? { ...rest, desired } : rest);
  }
  return out;
}

/** A declaration's content, computed once per spec (specs are never changed once made). */
const identities = new WeakMap<AppSpec, string>();
function identityOf(spec: AppSpec): string {
  let id = identities.get(spec);
  if (id === undefined) identities.set(spec, (id = stableStringify(spec)));
  return id;
}

interface Declaration {
  spec: AppSpec;
  /** where it is declared, for the report */
  from: string;
  /** the app whose render declared it */
  renderedBy?: string;
}

/** Whether an ApplicationSet's template (or templatePatch) may name this repository. */
function templateReadsRepo(manifest: Manifest, isLocal: (url: string) => boolean): boolean {
  const spec = isRecord(manifest.spec) ? manifest.spec : {};
  const text = JSON.stringify([spec.template ?? null, spec.templatePatch ?? null, spec.generators ?? null]);
  const urls = [...text.matchAll(/"repoURL":"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? "");
  if (typeof spec.templatePatch === "string" && spec.templatePatch.includes("repoURL")) return true;
  return urls.length === 0 || urls.some((u) => u.includes("{{") || isLocal(u));
}

function chooseDeclaration(list: readonly Declaration[]): Declaration {
  const bySet = list.filter((d) => d.spec.origin.kind === "appset");
  if (bySet.length > 0) return bySet[bySet.length - 1]!;
  const rendered = list.filter((d) => d.spec.origin.kind === "app");
  if (rendered.length > 0) return rendered[rendered.length - 1]!;
  return list[list.length - 1]!;
}

/** Where an Application is declared; a file declaration shadowed by a render is not a second place. */
function distinctDeclarations(list: readonly Declaration[]): string[] {
  const nonFile = list.filter((d) => d.spec.origin.kind !== "file");
  const chosen = nonFile.length > 0 ? nonFile : list;
  return chosen.map((d) => d.from);
}

function ownerFile(app: AppSpec): string {
  if (app.origin.kind === "file") return app.origin.file;
  if (app.origin.kind === "appset") return app.origin.file;
  return "";
}

function isArgo(obj: Manifest): boolean {
  return typeof obj.apiVersion === "string" && obj.apiVersion.startsWith("argoproj.io/");
}

function appSetSpec(obj: Manifest, origin: AppSetSpec["origin"], argocdNamespace: string): AppSetSpec {
  const name = nameOf(obj);
  const namespace = namespaceOf(obj) || argocdNamespace;
  return { key: appKey(namespace, name), name, namespace, origin, manifest: obj };
}

function generatedApp(obj: Manifest, set: AppSetSpec, config: Config): AppSpec {
  const file = set.origin.kind === "file" ? set.origin.file : "";
  return parseApplication({
    obj,
    origin: { kind: "appset", appSet: set.key, file },
    generatedBy: `ApplicationSet/${set.name}`,
    argocdNamespace: config.argocdNamespace,
    defaultNamespace: set.namespace,
  });
}

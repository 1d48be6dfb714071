// Builds everything known about one side: discover the Applications and ApplicationSets declared
// in the repository, keep those that no other app renders (the roots), then render the tree of
// apps (app-of-apps, ApplicationSets) as Argo CD would, and compute each app's desired state.
import type { Config } from "../config/config.js";
import type { AppRender, AppSetResult, AppSetSpec, AppSpec, Manifest, Side } from "../core/model.js";
import type { Renderer, RepoTree, SourceTrees } from "../core/ports.js";
import type { SideApp, SideAppSet, SideState } from "../core/side-state.js";
import { findAppManifests, mayDeclareApps } from "../core/discover/find-app-manifests.js";
import { isUnder, sourceDir } from "../core/discover/claimed-paths.js";
import { parseApplication } from "../core/argocd/parse-application.js";
import { appKey } from "../core/refs.js";
import { isRecord, kindOf, nameOf, namespaceOf } from "../core/argocd/manifest.js";
import { APPLICATIONSET_KIND, APPLICATION_KIND } from "../core/argocd/constants.js";
import { matchesRepo } from "../core/argocd/repo-url.js";
import { createScopeTable } from "../core/argocd/scope.js";
import { buildDesiredState } from "../core/diff/build-desired-state.js";
import { runPool } from "./run-pool.js";

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
}

/** Guards against app-of-apps cycles and runaway generation. */
const MAX_APPS = 20000;

export async function buildSide(p: BuildSideParams): Promise<SideState> {
  const { config } = p;
  const state: SideState = { rev: p.rev, sha: p.tree.revision, apps: new Map(), appSets: new Map(), parseErrors: [] };

  // 1. Manifests declared in files.
  // Every Application/ApplicationSet names argoproj.io: let git find those files when it can.
  const files = p.tree.filesContaining ? await p.tree.filesContaining("argoproj.io") : await p.tree.listFiles();
  const texts: { path: string; text: string }[] = [];
  for (const path of files) {
    if (!/\.(ya?ml|json)$/i.test(path)) continue;
    const text = await p.tree.readFile(path);
    if (text !== undefined && mayDeclareApps(path, text)) texts.push({ path, text });
  }
  const found = findAppManifests(texts);
  state.parseErrors.push(...found.parseErrors);

  const fileApps: AppSpec[] = [];
  const fileSets: AppSetSpec[] = [];
  for (const d of found.docs) {
    if (d.kind === "Application") {
      fileApps.push(
        parseApplication({
          obj: d.obj,
          origin: { kind: "file", file: d.file },
          generatedBy: d.file,
          argocdNamespace: config.argocdNamespace,
        }),
      );
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
  const claimed = (file: string): boolean => claimers.some((c) => c.owner !== file && isUnder(file, c.dir));

  // 3. Walk the tree of apps.
  const declarations = new Map<string, Declaration[]>();
  const renders = new Map<string, AppRender>();
  const declare = (spec: AppSpec, from: string, renderedBy?: string): void => {
    const list = declarations.get(spec.key) ?? [];
    list.push({ spec, from, ...(renderedBy ? { renderedBy } : {}) });
    declarations.set(spec.key, list);
  };
  /** A parent rendered again replaces what its previous render declared. */
  const forgetRenderedBy = (parentKey: string): void => {
    for (const [key, list] of declarations) {
      const kept = list.filter((d) => d.renderedBy !== parentKey);
      if (kept.length !== list.length) {
        if (kept.length === 0) declarations.delete(key);
        else declarations.set(key, kept);
      }
    }
  };
  const declareSet = (set: AppSetSpec, result: AppSetResult, apps: AppSpec[]): void => {
    if (state.appSets.has(set.key)) return;
    const entry: SideAppSet = {
      spec: set,
      result,
      generated: apps.map((a) => a.key),
      readsThisRepo: templateReadsRepo(set.manifest, isLocal),
    };
    state.appSets.set(set.key, entry);
    for (const a of apps) declare(a, `ApplicationSet/${set.name}`);
  };

  for (const app of fileApps)
    if (!claimed(app.origin.kind === "file" ? app.origin.file : "")) declare(app, app.generatedBy);
  for (const s of fileSets) {
    if (claimed(s.origin.kind === "file" ? s.origin.file : "")) continue;
    declareSet(s, setResults.get(s.key)!, generatedBySet.get(s.key)!);
  }

  const deferred = new Map<string, string>();
  const renderOne = async (spec: AppSpec): Promise<void> => {
    const job = { app: spec, side: p.side, trees: p.trees, config };
    // An app that cannot render Applications and whose inputs are known waits: if its inputs are
    // the same on the other side, it is unchanged and may never need rendering (completeSides).
    const key = p.deferRenders ? await p.renderer.deferKey?.(job) : undefined;
    if (key !== undefined) {
      deferred.set(spec.key, key);
      renders.set(spec.key, { app: spec.key, manifests: [], sources: [] });
      p.onRendered?.(spec.name);
      forgetRenderedBy(spec.key);
      return;
    }
    deferred.delete(spec.key);
    const render = await p.renderer.render(job);
    renders.set(spec.key, render);
    p.onRendered?.(spec.name);
    const children: AppSpec[] = [];
    forgetRenderedBy(spec.key);
    if (render.error) return;
    for (const obj of render.manifests) {
      const kind = kindOf(obj);
      if (!isArgo(obj) || (kind !== APPLICATION_KIND && kind !== APPLICATIONSET_KIND)) continue;
      // The controller gives a namespaced object without namespace the parent's destination namespace.
      const ns = namespaceOf(obj) || spec.destination.namespace || config.argocdNamespace;
      const withNs: Manifest = { ...obj, metadata: { ...(isRecord(obj.metadata) ? obj.metadata : {}), namespace: ns } };
      if (kind === APPLICATION_KIND) {
        children.push(
          parseApplication({
            obj: withNs,
            origin: { kind: "app", parent: spec.key },
            generatedBy: `Application/${spec.name}`,
            argocdNamespace: config.argocdNamespace,
          }),
        );
      } else {
        const set = appSetSpec(withNs, { kind: "app", parent: spec.key }, config.argocdNamespace);
        const result = await p.evaluateAppSet({ appSet: set, config, trees: p.trees });
        const apps = result.ok ? result.apps.map((o) => generatedApp(o, set, config)) : [];
        declareSet(set, result, apps);
      }
    }
    for (const c of children) declare(c, c.generatedBy, spec.key);
  };

  // Which declaration Argo CD ends up with: an ApplicationSet takes an existing app over;
  // otherwise the last declaration applied wins. A file declaration is replaced silently by a
  // rendered one of the same name (the file is the parent's input, not a second Application).
  // Render until every app's chosen declaration has been rendered (children arrive as we go).
  const renderedSpec = new Map<string, AppSpec>();
  for (;;) {
    const pending = [...declarations.entries()]
      .map(([key, list]) => ({ key, spec: chooseDeclaration(list).spec }))
      .filter(({ key, spec }) => renderedSpec.get(key) !== spec);
    if (pending.length === 0) break;
    if (declarations.size > MAX_APPS) throw new Error(`more than ${MAX_APPS} applications: an app-of-apps cycle?`);
    p.onQueued?.(declarations.size);
    for (const { key, spec } of pending) renderedSpec.set(key, spec);
    await runPool(pending, p.concurrency, ({ spec }) => renderOne(spec));
  }

  for (const [key, list] of declarations) {
    const render = renders.get(key);
    if (!render) continue;
    const key2 = deferred.get(key);
    const entry: SideApp = {
      spec: chooseDeclaration(list).spec,
      render,
      declarations: distinctDeclarations(list),
      ...(key2 !== undefined ? { deferred: key2 } : {}),
    };
    state.apps.set(key, entry);
  }
  computeDesiredStates(state, config);
  return state;
}

/**
 * Desired states of every rendered app, with the scope of custom kinds learnt from every CRD
 * rendered on this side. Run again after deferred apps are rendered.
 */
export function computeDesiredStates(state: SideState, config: Config): void {
  const scopes = createScopeTable([...state.apps.values()].flatMap((a) => a.render.manifests));
  for (const app of state.apps.values()) {
    const desired =
      app.render.error || app.deferred !== undefined
        ? undefined
        : buildDesiredState({ app: app.spec, manifests: app.render.manifests, scopes, config });
    if (desired) app.desired = desired;
    else delete app.desired;
  }
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

function chooseDeclaration(list: Declaration[]): Declaration {
  const bySet = list.filter((d) => d.spec.origin.kind === "appset");
  if (bySet.length > 0) return bySet[bySet.length - 1]!;
  const rendered = list.filter((d) => d.spec.origin.kind === "app");
  if (rendered.length > 0) return rendered[rendered.length - 1]!;
  return list[list.length - 1]!;
}

/** Where an Application is declared; a file declaration shadowed by a render is not a second place. */
function distinctDeclarations(list: Declaration[]): string[] {
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

// An Application manifest -> AppSpec, with Argo CD's defaults.
import type { AppOrigin, AppSource, AppSpec, AppSyncPolicy, Manifest } from "../model.js";
import { annotationsOf, finalizersOf, isRecord, labelsOf, nameOf, namespaceOf } from "./manifest.js";
import { appKey } from "../refs.js";

/**
 * Argo CD's instance name: the app name, or `<ns>_<name>` when the Application lives outside
 * the control-plane namespace (argo-cd:pkg/apis/application/v1alpha1/types.go (InstanceName)).
 */
export function instanceNameOf(params: { name: string; namespace: string; argocdNamespace: string }): string {
  return params.namespace === "" || params.namespace === params.argocdNamespace
    ? params.name
    : `${params.namespace}_${params.name}`;
}

/** Automated sync is on when `automated` is present and `enabled` is not false (types.go (IsAutomatedSyncEnabled)). */
export function syncPolicyOf(spec: Record<string, unknown>): AppSyncPolicy {
  const sp = isRecord(spec.syncPolicy) ? spec.syncPolicy : {};
  const automatedRaw = sp.automated;
  const automated = isRecord(automatedRaw) ? automatedRaw : undefined;
  const enabled = automatedRaw !== undefined && automatedRaw !== null && automated?.enabled !== false;
  const syncOptions = Array.isArray(sp.syncOptions)
    ? sp.syncOptions.filter((o): o is string => typeof o === "string")
    : [];
  return {
    automated: enabled,
    prune: enabled && automated?.prune === true,
    allowEmpty: automated?.allowEmpty === true,
    selfHeal: automated?.selfHeal === true,
    syncOptions,
  };
}

function sourceOf(v: unknown): AppSource | undefined {
  if (!isRecord(v)) return undefined;
  const src: AppSource = { repoURL: typeof v.repoURL === "string" ? v.repoURL : "" };
  for (const k of ["path", "chart", "targetRevision", "ref", "name"] as const) {
    const val = v[k];
    if (typeof val === "string") src[k] = val;
    else if (typeof val === "number") src[k] = String(val);
  }
  for (const k of ["helm", "kustomize", "directory", "plugin"] as const) {
    if (isRecord(v[k])) src[k] = v[k];
  }
  return src;
}

export function parseApplication(params: {
  obj: Manifest;
  origin: AppOrigin;
  generatedBy: string;
  argocdNamespace: string;
  defaultNamespace?: string;
}): AppSpec {
  const { obj, argocdNamespace } = params;
  const name = nameOf(obj);
  const namespace = namespaceOf(obj) || params.defaultNamespace || argocdNamespace;
  const spec = isRecord(obj.spec) ? obj.spec : {};
  const dest = isRecord(spec.destination) ? spec.destination : {};
  const sources: AppSource[] =
    Array.isArray(spec.sources) && spec.sources.length > 0
      ? spec.sources.map(sourceOf).filter((s): s is AppSource => s !== undefined)
      : [sourceOf(spec.source)].filter((s): s is AppSource => s !== undefined);
  const manifest: Manifest = { ...obj, metadata: { ...(isRecord(obj.metadata) ? obj.metadata : {}), namespace } };
  return {
    key: appKey(namespace, name),
    name,
    namespace,
    instanceName: instanceNameOf({ name, namespace, argocdNamespace }),
    origin: params.origin,
    generatedBy: params.generatedBy,
    project: typeof spec.project === "string" ? spec.project : "default",
    destination: {
      server: typeof dest.server === "string" ? dest.server : undefined,
      name: typeof dest.name === "string" ? dest.name : undefined,
      namespace: typeof dest.namespace === "string" ? dest.namespace : "",
    },
    sources,
    syncPolicy: syncPolicyOf(spec),
    finalizers: finalizersOf(obj),
    annotations: annotationsOf(obj),
    labels: labelsOf(obj),
    manifest,
  };
}

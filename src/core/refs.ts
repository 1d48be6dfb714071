// Resource identities (Ref): their keys, how they print and sort, and the kinds the rules single out.
import type { Ref } from "./model.js";
import { APPLICATION_GROUP, APPLICATIONSET_KIND, APPLICATION_KIND, CRD_GROUP, CRD_KIND } from "./argocd/constants.js";
import { cmp } from "./argocd/manifest.js";

/** Argo CD keys a resource by group/kind/namespace/name, never apiVersion
 *  (argo-cd:gitops-engine/pkg/utils/kube/kube.go (GetResourceKey)). */
export function refKey(ref: Ref): string {
  return `${ref.group}/${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** One object on one cluster: the same ref on two clusters is two objects. */
export function clusterRefKey(cluster: string, ref: Ref): string {
  return `${cluster}|${refKey(ref)}`;
}

/** "Deployment shop/web", "Namespace argocd", "Certificate.cert-manager.io shop/tls". */
export function formatRef(ref: Ref): string {
  const kind =
    ref.group && !ref.group.endsWith(".k8s.io") && ref.group !== "apps" ? `${ref.kind}.${ref.group}` : ref.kind;
  return ref.namespace ? `${kind} ${ref.namespace}/${ref.name}` : `${kind} ${ref.name}`;
}

export function compareRefs(a: Ref, b: Ref): number {
  return cmp(a.group, b.group) || cmp(a.kind, b.kind) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name);
}

export function sortRefs(refs: Ref[]): Ref[] {
  return [...refs].sort(compareRefs);
}

export function isNamespaceRef(ref: Ref): boolean {
  return ref.group === "" && ref.kind === "Namespace";
}

export function isCrdRef(ref: Ref): boolean {
  return ref.group === CRD_GROUP && ref.kind === CRD_KIND;
}

export function isApplicationRef(ref: Ref): boolean {
  return ref.group === APPLICATION_GROUP && ref.kind === APPLICATION_KIND;
}

export function isApplicationSetRef(ref: Ref): boolean {
  return ref.group === APPLICATION_GROUP && ref.kind === APPLICATIONSET_KIND;
}

/** "<namespace>/<name>": the identity of an Application or ApplicationSet object. */
export function appKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function applicationRef(app: { namespace: string; name: string }): Ref {
  return { group: APPLICATION_GROUP, kind: APPLICATION_KIND, namespace: app.namespace, name: app.name };
}

export function applicationSetRef(set: { namespace: string; name: string }): Ref {
  return { group: APPLICATION_GROUP, kind: APPLICATIONSET_KIND, namespace: set.namespace, name: set.name };
}

/** The Application whose appKey this is. */
export function applicationRefOfKey(key: string): Ref {
  const i = key.indexOf("/");
  return applicationRef({ namespace: key.slice(0, i), name: key.slice(i + 1) });
}

/** The name part of an appKey. */
export function appNameOfKey(key: string): string {
  return key.slice(key.indexOf("/") + 1);
}

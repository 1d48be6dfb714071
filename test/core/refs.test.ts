import { describe, expect, it } from "@jest/globals";
import type { Ref } from "../../src/core/model.js";
import {
  appKey,
  applicationRef,
  applicationRefOfKey,
  appNameOfKey,
  clusterRefKey,
  formatRef,
  isApplicationRef,
  isApplicationSetRef,
  isCrdRef,
  isNamespaceRef,
  refKey,
  sortRefs,
} from "../../src/core/refs.js";

const ref = (group: string, kind: string, namespace: string, name: string): Ref => ({ group, kind, namespace, name });

describe("refs", () => {
  // Argo CD identifies a resource by group, kind, namespace and name; the version is not part of it
  // (argo-cd:gitops-engine/pkg/utils/kube/kube.go (GetResourceKey)).
  it("keys by group/kind/namespace/name, and by cluster when asked", () => {
    expect(refKey(ref("apps", "Deployment", "shop", "web"))).toBe("apps/Deployment/shop/web");
    expect(clusterRefKey("https://kubernetes.default.svc", ref("", "Namespace", "", "shop"))).toBe(
      "https://kubernetes.default.svc|/Namespace//shop",
    );
  });

  it.each([
    [ref("", "Namespace", "", "shop"), "Namespace shop"],
    [ref("apps", "Deployment", "shop", "web"), "Deployment shop/web"],
    [ref("rbac.authorization.k8s.io", "Role", "shop", "r"), "Role shop/r"],
    [ref("cert-manager.io", "Certificate", "shop", "tls"), "Certificate.cert-manager.io shop/tls"],
  ])("formats %j as %s", (r, text) => expect(formatRef(r)).toBe(text));

  it.each([
    // A Namespace is the core group's kind; a kind of the same name in another group is not one.
    [ref("", "Namespace", "", "a"), { ns: true, crd: false, app: false, set: false }],
    [ref("example.com", "Namespace", "", "a"), { ns: false, crd: false, app: false, set: false }],
    // argo-cd:gitops-engine/pkg/utils/kube/kube.go (IsCRD): kind and group apiextensions.k8s.io.
    [
      ref("apiextensions.k8s.io", "CustomResourceDefinition", "", "w.example.com"),
      { ns: false, crd: true, app: false, set: false },
    ],
    [ref("argoproj.io", "Application", "argocd", "a"), { ns: false, crd: false, app: true, set: false }],
    [ref("argoproj.io", "ApplicationSet", "argocd", "a"), { ns: false, crd: false, app: false, set: true }],
  ])("classifies %j", (r, is) => {
    expect({
      ns: isNamespaceRef(r),
      crd: isCrdRef(r),
      app: isApplicationRef(r),
      set: isApplicationSetRef(r),
    }).toEqual(is);
  });

  it("turns an Application's key into its ref and name, and back", () => {
    const key = appKey("argocd", "shop");
    expect(key).toBe("argocd/shop");
    expect(applicationRefOfKey(key)).toEqual(applicationRef({ namespace: "argocd", name: "shop" }));
    expect(appNameOfKey(key)).toBe("shop");
  });

  it("sorts by group, kind, namespace, name without touching its input", () => {
    const input = [
      ref("apps", "Deployment", "b", "x"),
      ref("", "Service", "a", "y"),
      ref("apps", "Deployment", "a", "z"),
    ];
    expect(sortRefs(input).map(refKey)).toEqual(["/Service/a/y", "apps/Deployment/a/z", "apps/Deployment/b/x"]);
    expect(input[0]!.namespace).toBe("b");
  });
});

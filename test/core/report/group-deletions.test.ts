import { describe, expect, it } from "@jest/globals";
import type { Deletion, Ref } from "../../../src/core/model.js";
import { groupDeletions } from "../../../src/core/report/group-deletions.js";
import { ref } from "./fixtures.js";

const app = ref("Application", "argocd", "team-a", "argoproj.io");
const ns = ref("Namespace", "", "team-a");
const crd = ref("CustomResourceDefinition", "", "certificates.cert-manager.io", "apiextensions.k8s.io");

function d(r: Ref, extra: Partial<Deletion> = {}): Deletion {
  return { ref: r, app: "team-a", cause: "pruned", trigger: "auto-sync", protected: false, ...extra };
}

describe("groupDeletions", () => {
  it("heads a cascade with the deletion of its via object and counts every deletion once", () => {
    // Application deleted by its ApplicationSet -> its Namespace -> everything inside.
    const deletions = [
      d(ns, { cause: "app-deleted", via: app, trigger: "appset-reconcile" }),
      d(ref("Deployment", "team-a", "web", "apps"), {
        cause: "namespace-deleted",
        via: ns,
        trigger: "appset-reconcile",
      }),
      d(ref("Service", "team-a", "web"), { cause: "namespace-deleted", via: ns, trigger: "appset-reconcile" }),
      d(ref("ClusterRole", "", "team-a-reader", "rbac.authorization.k8s.io"), {
        cause: "app-deleted",
        via: app,
        trigger: "appset-reconcile",
      }),
      d(ref("ConfigMap", "other", "x")),
    ];
    const items = groupDeletions(deletions);
    expect(
      items.map((i) =>
        i.kind === "single" ? `single ${i.deletion.ref.name}` : `cascade ${i.via.name} ${i.members.length}/${i.owned}`,
      ),
    ).toEqual([
      "cascade team-a 2/3", // the Namespace heads it: itself plus the 2 inside
      "cascade team-a 2/1", // the Application's: Namespace (counted above) and the ClusterRole
      "single x",
    ]);
    expect(items.reduce((n, i) => n + i.owned, 0)).toBe(deletions.length);
  });

  it.each<[string, Deletion[], string[]]>([
    [
      "protected items come first, whatever their cause",
      [d(ref("ConfigMap", "a", "x")), d(ref("ConfigMap", "argocd", "y"), { protected: true })],
      ["y", "x"],
    ],
    [
      "cascades before plain prunes",
      [
        d(ref("ConfigMap", "a", "x")),
        d(ref("Certificate", "a", "c", "cert-manager.io"), { cause: "crd-deleted", via: crd }),
      ],
      ["certificates.cert-manager.io", "x"],
    ],
    [
      "a cascade is protected when any member is",
      [
        d(ref("ConfigMap", "a", "x")),
        d(ref("Certificate", "argocd", "c", "cert-manager.io"), { cause: "crd-deleted", via: crd, protected: true }),
      ],
      ["certificates.cert-manager.io", "x"],
    ],
  ])("%s", (_, deletions, names) => {
    expect(groupDeletions(deletions).map((i) => (i.kind === "single" ? i.deletion.ref.name : i.via.name))).toEqual(
      names,
    );
  });

  it("the same Namespace deleted on two clusters is two cascades, each with its own members", () => {
    const eu = "https://prod-eu.example.com";
    const us = "https://prod-us.example.com";
    const deletions = [
      d(ns, { cluster: eu }),
      d(ref("ConfigMap", "team-a", "x"), { cause: "namespace-deleted", via: ns, cluster: eu }),
      d(ns, { app: "team-a-us", cluster: us }),
      d(ref("ConfigMap", "team-a", "x"), { app: "team-a-us", cause: "namespace-deleted", via: ns, cluster: us }),
      d(ref("Secret", "team-a", "y"), { app: "team-a-us", cause: "namespace-deleted", via: ns, cluster: us }),
    ];
    const items = groupDeletions(deletions);
    expect(
      items.map((i) =>
        i.kind === "cascade" ? `${i.cluster} ${i.header?.app} ${i.members.length}/${i.owned}` : "single",
      ),
    ).toEqual([`${eu} team-a 1/2`, `${us} team-a-us 2/3`]);
    expect(items.reduce((n, i) => n + i.owned, 0)).toBe(deletions.length);
  });

  it("an Application's cascade is headed by its deletion on the control plane, its members on the destination", () => {
    const items = groupDeletions([
      d(app, { cluster: "https://kubernetes.default.svc", cause: "pruned" }),
      d(ref("ConfigMap", "team-a", "x"), { cause: "app-deleted", via: app, cluster: "https://prod-eu.example.com" }),
    ]);
    expect(items).toEqual([
      expect.objectContaining({ kind: "cascade", header: expect.objectContaining({ ref: app }), owned: 2 }),
    ]);
  });
});

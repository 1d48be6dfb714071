import { describe, expect, it } from "@jest/globals";
import { computeDeletions } from "../../../src/core/deletions/compute-deletions.js";
import { app, cm, config, ns, side } from "../support/side-fixture.js";

const depl = (selector: string, ann = ""): string =>
  `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n${ann ? `  annotations: { argocd.argoproj.io/sync-options: '${ann}' }\n` : ""}spec:\n  selector: { matchLabels: { app: ${selector} } }\n  template: { metadata: { labels: { app: ${selector} } } }\n`;

const sts = (policy = ""): string =>
  `---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: pg\nspec:\n  replicas: 2\n${policy ? `  persistentVolumeClaimRetentionPolicy: { whenDeleted: ${policy} }\n` : ""}  volumeClaimTemplates: [{ metadata: { name: data } }]\n`;

describe("deletions name their cluster", () => {
  it("the destination server, or name:<name> when unresolved", () => {
    const a = app({ name: "web", server: "https://prod-eu.example.com" });
    const base = side({ apps: [{ app: a, manifests: cm("keep") + cm("gone") }] });
    const head = side({ apps: [{ app: a, manifests: cm("keep") }] });
    expect(computeDeletions({ base, head, config: config() }).deletions.map((d) => d.cluster)).toEqual([
      "https://prod-eu.example.com",
    ]);
  });
});

describe("recreatedBy (trap 19, C.1, C.3)", () => {
  it("a resource moving to another app on the same cluster is re-created by it", () => {
    const a = app({ name: "a", destNs: "shop" });
    const b = app({ name: "b", destNs: "shop" });
    const base = side({
      apps: [
        { app: a, manifests: cm("x") + cm("keep") },
        { app: b, manifests: cm("y") },
      ],
    });
    const head = side({
      apps: [
        { app: a, manifests: cm("keep") },
        { app: b, manifests: cm("y") + cm("x") },
      ],
    });
    const [d] = computeDeletions({ base, head, config: config() }).deletions;
    expect(d).toEqual(expect.objectContaining({ cause: "pruned", recreatedBy: "b", moved: true }));
    expect(d?.reason).toContain("it moves to b, but if a syncs first it is deleted and then re-created");
  });

  it("a resource of a deleted Application that another app declares: a move too, adopted if that app syncs first", () => {
    const parent = app({ name: "root", destNs: "argocd" });
    const child = app({ name: "child", destNs: "shop", finalizer: true });
    const keeper = app({ name: "keeper", destNs: "shop" });
    const base = side({
      apps: [
        { app: parent, manifests: `---\n${child}\n` },
        { app: child, manifests: cm("x"), origin: { kind: "app", parent: "argocd/root" } },
        { app: keeper, manifests: cm("y") },
      ],
    });
    const head = side({
      apps: [
        { app: parent, manifests: "" },
        { app: keeper, manifests: cm("y") + cm("x") },
      ],
    });
    const d = computeDeletions({ base, head, config: config() }).deletions.find((x) => x.ref.name === "x");
    expect(d).toEqual(expect.objectContaining({ cause: "app-deleted", recreatedBy: "keeper", moved: true }));
    expect(d?.reason).toContain(
      "it moves to keeper, but unless keeper syncs first and takes it over, it is deleted and then re-created",
    );
  });

  it("the same resource declared on another cluster is not a re-creation", () => {
    const a = app({ name: "a", destNs: "shop" });
    const b = app({ name: "b", destNs: "shop", server: "https://other.example.com" });
    const base = side({
      apps: [
        { app: a, manifests: cm("x") + cm("keep") },
        { app: b, manifests: cm("y") },
      ],
    });
    const head = side({
      apps: [
        { app: a, manifests: cm("keep") },
        { app: b, manifests: cm("y") + cm("x") },
      ],
    });
    const [d] = computeDeletions({ base, head, config: config() }).deletions;
    expect(d?.recreatedBy).toBeUndefined();
    expect(d?.moved).toBeUndefined();
    expect(d?.reason).not.toContain("moves to"); // another cluster's object is another object
  });
});

describe("apply outcomes (H.1)", () => {
  const run = (baseM: string, headM: string, syncOptions: string[] = []) => {
    const a = app({ name: "web", syncOptions });
    return computeDeletions({
      base: side({ apps: [{ app: a, manifests: baseM }] }),
      head: side({ apps: [{ app: a, manifests: headM }] }),
      config: config(),
    });
  };

  it("a selector change fails the sync, naming the field and the way out", () => {
    const f = run(depl("a"), depl("b"));
    expect(f.syncFailures).toEqual([
      expect.objectContaining({
        app: "web",
        message: expect.stringContaining("spec.selector"),
        remedy: expect.stringContaining("sync-options: Force=true"),
      }),
    ]);
    expect(f.deletions).toEqual([]);
  });

  it("Force=true with client-side apply deletes and re-creates instead", () => {
    const f = run(depl("a", "Force=true"), depl("b", "Force=true"));
    expect(f.syncFailures).toEqual([]);
    expect(f.deletions).toEqual([expect.objectContaining({ cause: "replaced", recreatedBy: "web" })]);
  });

  it("under server-side apply the way out turns server-side apply off for the change", () => {
    const f = run(depl("a", "ServerSideApply=true"), depl("b", "ServerSideApply=true"));
    expect(f.syncFailures[0]!.remedy).toContain("ServerSideApply=false,Force=true");
  });

  it.each([
    ["Force=true,ServerSideApply=true", []],
    ["Replace=true", []],
    ["Force=true", ["ServerSideApply=true"]],
  ])("%s (app options %j) still fails", (ann, opts) => {
    const f = run(depl("a", ann), depl("b", ann), opts);
    expect(f.syncFailures).toHaveLength(1);
    expect(f.deletions).toEqual([]);
  });

  it("Force=true in the app's syncOptions is not the resource option: the sync fails", () => {
    expect(run(depl("a"), depl("b"), ["Force=true"]).syncFailures).toHaveLength(1);
  });

  it("Replace=true,Force=true re-creates every live object on a sync, the unchanged too", () => {
    const opt = "Replace=true,Force=true";
    const f = run(depl("a", opt) + cm("c1"), depl("a", opt) + cm("c1", "", { x: "changed" }));
    expect(f.deletions.map((d) => [d.ref.kind, d.cause])).toEqual([["Deployment", "replaced"]]);
  });
});

describe("removed APIs (H.2)", () => {
  const pdb = (v: string) =>
    `---\napiVersion: ${v}\nkind: PodDisruptionBudget\nmetadata:\n  name: pdb\nspec: { maxUnavailable: 1 }\n`;
  it("the whole sync fails and nothing is pruned", () => {
    const a = app({ name: "web" });
    const f = computeDeletions({
      base: side({ apps: [{ app: a, manifests: pdb("policy/v1") + cm("gone") }] }),
      head: side({ apps: [{ app: a, manifests: pdb("policy/v1beta1") }] }),
      config: config({ kubeVersion: "1.25.0" }),
    });
    expect(f.deletions).toEqual([]);
    expect(f.syncFailures).toEqual([
      expect.objectContaining({
        message: expect.stringContaining("use policy/v1"),
        refs: [expect.objectContaining({ name: "pdb" })],
      }),
    ]);
    expect(f.syncFailures[0]!.preexisting).toBeUndefined();
  });

  it("an object that stays on the removed API is a preexisting failure", () => {
    const a = app({ name: "web" });
    const f = computeDeletions({
      base: side({ apps: [{ app: a, manifests: pdb("policy/v1beta1") + cm("gone") }] }),
      head: side({ apps: [{ app: a, manifests: pdb("policy/v1beta1") }] }),
      config: config({ kubeVersion: "1.25.0" }),
    });
    expect(f.deletions).toEqual([]);
    expect(f.syncFailures[0]!.preexisting).toBe(true);
  });
});

describe("removed APIs when the change raises kubeVersion (H.2)", () => {
  const pdb = (v: string) =>
    `---\napiVersion: ${v}\nkind: PodDisruptionBudget\nmetadata:\n  name: pdb\nspec: { maxUnavailable: 1 }\n`;
  const run = (raised: string | undefined) => {
    const a = app({ name: "web" });
    return computeDeletions({
      base: side({ apps: [{ app: a, manifests: pdb("policy/v1beta1") + cm("gone") }] }),
      head: side({ apps: [{ app: a, manifests: pdb("policy/v1beta1") }] }),
      config: { ...config({ kubeVersion: "1.24.0" }), ...(raised ? { kubeVersionRaisedTo: raised } : {}) },
    });
  };

  it("an object that stays on an API head's kubeVersion removes fails the sync, and says the change raises it", () => {
    const f = run("1.25.0");
    expect(f.deletions).toEqual([]);
    expect(f.syncFailures).toEqual([
      expect.objectContaining({
        message: expect.stringContaining("raises kubeVersion from 1.24.0 to 1.25.0"),
        refs: [expect.objectContaining({ name: "pdb" })],
        remedy:
          "move `PodDisruptionBudget.policy web/pdb` from `policy/v1beta1` to `policy/v1`; or keep `kubeVersion` at 1.24.0 until it is migrated",
      }),
    ]);
    expect(f.syncFailures[0]!.preexisting).toBeUndefined();
  });

  it("without the raise, the same object is served and its app prunes", () => {
    const f = run(undefined);
    expect(f.syncFailures).toEqual([]);
    expect(f.deletions.map((d) => d.ref.name)).toEqual(["gone"]);
  });
});

describe("StatefulSet claims (H.3)", () => {
  it("a deleted Namespace takes the StatefulSet's PVCs: inferred", () => {
    const a = app({ name: "db", destNs: "db" });
    const base = side({ apps: [{ app: a, manifests: ns("db") + sts() }] });
    const head = side({ apps: [{ app: a, manifests: "" }] });
    const pvcs = computeDeletions({ base, head, config: config() }).deletions.filter(
      (d) => d.ref.kind === "PersistentVolumeClaim",
    );
    expect(pvcs.map((d) => [d.ref.name, d.cause, d.inferred])).toEqual([
      ["data-pg-0", "namespace-deleted", true],
      ["data-pg-1", "namespace-deleted", true],
    ]);
  });

  it.each([
    ["", 0],
    ["Retain", 0],
    ["Delete", 2],
  ])("only the StatefulSet pruned, whenDeleted %j: %d PVCs go", (policy, n) => {
    const a = app({ name: "db", destNs: "db" });
    const base = side({ apps: [{ app: a, manifests: cm("keep") + sts(policy) }] });
    const head = side({ apps: [{ app: a, manifests: cm("keep") }] });
    const pvcs = computeDeletions({ base, head, config: config() }).deletions.filter(
      (d) => d.ref.kind === "PersistentVolumeClaim",
    );
    expect(pvcs).toHaveLength(n);
    if (n) expect(pvcs[0]).toEqual(expect.objectContaining({ cause: "owner-deleted", inferred: true }));
  });
});

describe("StatefulSet scale-down with whenScaled: Delete (H.3)", () => {
  const scaled = (replicas: number, extra = "") =>
    `---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: pg\nspec:\n  replicas: ${replicas}\n  persistentVolumeClaimRetentionPolicy: { whenScaled: Delete }\n  volumeClaimTemplates: [{ metadata: { name: data } }]\n${extra}`;
  const run = (baseM: string, headM: string) => {
    const a = app({ name: "db", destNs: "db" });
    return computeDeletions({
      base: side({ apps: [{ app: a, manifests: baseM }] }),
      head: side({ apps: [{ app: a, manifests: headM }] }),
      config: config(),
    });
  };

  it("the removed ordinals' claims are garbage-collected: inferred owner-deleted", () => {
    expect(run(scaled(3), scaled(1)).deletions.map((d) => [d.ref.name, d.cause, d.via?.name, d.inferred])).toEqual([
      ["data-pg-1", "owner-deleted", "pg", true],
      ["data-pg-2", "owner-deleted", "pg", true],
    ]);
  });

  it("a scale-down whose apply is refused (an immutable field changes too) deletes nothing", () => {
    const f = run(scaled(3), scaled(1, "  serviceName: other\n"));
    expect(f.syncFailures).toHaveLength(1);
    expect(f.deletions).toEqual([]);
  });
});

describe("workloads whose dependents are not data", () => {
  // Jobs' and CronJobs' Pods (k8s:pkg/controller/job/job_controller.go, pkg/controller/cronjob/cronjob_controllerv2.go:
  // owned through ownerReferences), Deployments' ReplicaSets and Pods: garbage collection takes them, and
  // no claim they mount by name is owned by them. Nothing is inferred for them.
  const job =
    "---\napiVersion: batch/v1\nkind: Job\nmetadata: { name: migrate }\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{ name: m, image: busybox }]\n      volumes: [{ name: scratch, ephemeral: { volumeClaimTemplate: { spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } } } } }]\n";
  const cron =
    "---\napiVersion: batch/v1\nkind: CronJob\nmetadata: { name: backup }\nspec:\n  schedule: '@daily'\n  jobTemplate: { spec: { template: { spec: { restartPolicy: Never, containers: [{ name: b, image: busybox }], volumes: [{ name: data, persistentVolumeClaim: { claimName: data } }] } } } }\n";
  it.each([
    ["Job", job],
    ["CronJob", cron],
    ["Deployment", depl("a")],
  ])("a pruned %s deletes only itself", (_kind, m) => {
    const a = app({ name: "ops", destNs: "ops" });
    const f = computeDeletions({
      base: side({ apps: [{ app: a, manifests: cm("keep") + m }] }),
      head: side({ apps: [{ app: a, manifests: cm("keep") }] }),
      config: config(),
    });
    expect(f.deletions).toHaveLength(1);
    expect(f.deletions[0]!.inferred).toBeUndefined();
  });
});

describe("a renamed app takes over a live object (H.1)", () => {
  it("its selector change is refused: sync-fails", () => {
    const f = computeDeletions({
      base: side({ apps: [{ app: app({ name: "old", destNs: "shop" }), manifests: depl("old") }] }),
      head: side({ apps: [{ app: app({ name: "new", destNs: "shop" }), manifests: depl("new") }] }),
      config: config(),
    });
    expect(f.syncFailures).toEqual([
      expect.objectContaining({ app: "new", message: expect.stringContaining("spec.selector") }),
    ]);
  });
});

// Reports for the report-face tests, built as the pipeline would hand them over.
import type { AppReport, Deletion, Finding, Ref, Report } from "../../../src/core/model.js";

export function ref(kind: string, namespace: string, name: string, group = ""): Ref {
  return { group, kind, namespace, name };
}

/** A value that must never appear in any output (base64 of "hunter2-admin-password"). */
export const SECRET_VALUE = "aHVudGVyMi1hZG1pbi1wYXNzd29yZA==";
export const SECRET_PLAIN = "hunter2-admin-password";

const ARGOCD_NS = ref("Namespace", "", "argocd");

function cascade(r: Ref): Deletion {
  return { ref: r, app: "tenant-b", cause: "namespace-deleted", via: ARGOCD_NS, trigger: "auto-sync", protected: true };
}

/** The incident this tool exists for: an ApplicationSet-generated app stops
 *  declaring the Namespace `argocd` it had adopted, auto-prune deletes it, and
 *  Kubernetes takes Argo CD itself down with it. */
export function incidentReport(): Report {
  const applications: AppReport[] = [
    {
      name: "tenant-b",
      generatedBy: "ApplicationSet/tenants",
      change: "modified",
      autoSync: true,
      autoPrune: true,
      errors: [],
      resources: {
        added: [],
        modified: [ref("Deployment", "tenant-b", "web", "apps")],
        removed: [ARGOCD_NS, ref("ConfigMap", "tenant-b", "web-config")],
      },
    },
    {
      name: "tenant-a",
      generatedBy: "ApplicationSet/tenants",
      change: "unchanged",
      autoSync: true,
      autoPrune: true,
      errors: [],
      resources: { added: [], modified: [], removed: [] },
    },
    {
      name: "platform",
      generatedBy: "apps/platform.yaml",
      change: "unchanged",
      autoSync: false,
      autoPrune: false,
      errors: [],
      resources: { added: [], modified: [], removed: [] },
    },
    {
      name: "legacy-billing",
      generatedBy: "apps/legacy-billing.yaml",
      change: "unchanged",
      autoSync: true,
      autoPrune: false,
      errors: [
        {
          side: "head",
          message: 'helm template: chart "billing" not found in https://charts.example.com\nError: exit status 1',
        },
        {
          side: "base",
          message: 'helm template: chart "billing" not found in https://charts.example.com\nError: exit status 1',
        },
      ],
      resources: { added: [], modified: [], removed: [] },
    },
  ];
  const deletions: Deletion[] = [
    cascade(ref("Secret", "argocd", "argocd-secret")),
    cascade(ref("Deployment", "argocd", "argocd-server", "apps")),
    {
      ref: ref("ConfigMap", "tenant-b", "web-config"),
      app: "tenant-b",
      cause: "pruned",
      trigger: "auto-sync",
      protected: false,
    },
    cascade(ref("StatefulSet", "argocd", "argocd-application-controller", "apps")),
    { ref: ARGOCD_NS, app: "tenant-b", cause: "pruned", trigger: "auto-sync", protected: true },
    cascade(ref("Deployment", "argocd", "argocd-repo-server", "apps")),
    cascade(ref("ConfigMap", "argocd", "argocd-cm")),
  ];
  const findings: Finding[] = [
    {
      rule: "not-analysed",
      severity: "warn",
      message:
        "ApplicationSet argocd/previews uses a pullRequest generator, which needs live data: its applications were not analysed.",
      refs: [ref("ApplicationSet", "argocd", "previews", "argoproj.io")],
    },
    {
      rule: "protected-resource-delete",
      severity: "block",
      message: "5 resources inside the protected namespace argocd would be deleted.",
      app: "tenant-b",
      refs: deletions.filter((d) => d.cause === "namespace-deleted").map((d) => d.ref),
    },
    {
      rule: "protected-namespace-delete",
      severity: "block",
      message: "Namespace argocd would be deleted by app tenant-b on auto-sync, with everything in it.",
      app: "tenant-b",
      refs: [ARGOCD_NS],
    },
  ];
  return {
    schemaVersion: 1,
    base: { rev: "main", sha: "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567" },
    head: { rev: "tenant-b-cleanup", sha: "fedcba9876543210fedcba9876543210fedcba98" },
    verdict: "block",
    applications,
    deletions,
    findings,
  };
}

/** One app pruning `n` ConfigMaps of its own namespace, plus a protected cascade. */
export function manyDeletionsReport(n: number): Report {
  const base = incidentReport();
  const pruned: Deletion[] = Array.from({ length: n }, (_, i) => ({
    ref: ref("ConfigMap", "bulk", `config-${String(i).padStart(5, "0")}`),
    app: "bulk",
    cause: "pruned",
    trigger: "auto-sync",
    protected: false,
  }));
  return {
    ...base,
    deletions: [...base.deletions, ...pruned],
    findings: [
      ...base.findings,
      {
        rule: "mass-delete",
        severity: "block",
        message: `${n + base.deletions.length} resources would be deleted, more than policy.maxDeletions (25).`,
        app: "bulk",
        refs: pruned.map((d) => d.ref),
      },
    ],
    applications: [
      ...base.applications,
      {
        name: "bulk",
        generatedBy: "apps/bulk.yaml",
        change: "modified",
        autoSync: true,
        autoPrune: true,
        errors: [],
        resources: { added: [], modified: [], removed: pruned.map((d) => d.ref) },
      },
    ],
  };
}

/** A deterministic shuffle (seeded LCG), so a failing order can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The same report with every list (and every nested list) in another order. */
export function shuffledReport(report: Report, seed: number): Report {
  return {
    ...report,
    applications: shuffled(report.applications, seed).map((a, i) => ({
      ...a,
      errors: shuffled(a.errors, seed + i),
      resources: {
        added: shuffled(a.resources.added, seed + 1),
        modified: shuffled(a.resources.modified, seed + 2),
        removed: shuffled(a.resources.removed, seed + 3),
      },
    })),
    deletions: shuffled(report.deletions, seed + 4),
    findings: shuffled(report.findings, seed + 5).map((f, i) => ({ ...f, refs: shuffled(f.refs, seed + i) })),
  };
}

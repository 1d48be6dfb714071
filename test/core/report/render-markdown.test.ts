import { describe, expect, it } from "@jest/globals";
import type { Deletion, Finding, Report } from "../../../src/core/model.js";
import { CASCADE_FOLD_MAX, COMMENT_MAX_CHARS } from "../../../src/core/report/budgets.js";
import { renderMarkdown } from "../../../src/core/report/render-markdown.js";
import { expectGolden, markdownProblems } from "./golden.js";
import { incidentReport, manyDeletionsReport, ref, shuffledReport } from "./fixtures.js";

const lines = (md: string) => md.split("\n");

function quietReport(extra: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    base: { rev: "main", sha: "1111111111111111111111111111111111111111" },
    head: { rev: "pr", sha: "2222222222222222222222222222222222222222" },
    verdict: "pass",
    applications: [
      {
        name: "a",
        generatedBy: "apps/a.yaml",
        change: "unchanged",
        autoSync: true,
        autoPrune: true,
        errors: [],
        resources: { added: [], modified: [], removed: [] },
      },
    ],
    deletions: [],
    findings: [],
    ...extra,
  };
}

const finding = (severity: Finding["severity"], rule: Finding["rule"] = "app-delete"): Finding => ({
  rule,
  severity,
  message: `${rule} ${severity}`,
  refs: [],
});

describe("renderMarkdown: the incident", () => {
  const md = renderMarkdown(incidentReport());

  it("matches the golden file", () => {
    expectGolden("incident.md", md);
  });

  it("is the same bytes for the same input and for shuffled input", () => {
    expect(renderMarkdown(incidentReport())).toBe(md);
    for (const seed of [3, 17, 555]) expect(renderMarkdown(shuffledReport(incidentReport(), seed))).toBe(md);
  });

  it("starts with the verdict and its counts", () => {
    expect(lines(md)[0]).toBe("## 🛑 Blocked: 7 deletions (6 protected) · 2 blocking findings · 1 warning");
  });

  it("names the resource, the app, its origin, the mechanism and the cascade on one line", () => {
    expect(md).toContain(
      "- 🛡️ `Namespace argocd` pruned by app `tenant-b` (ApplicationSet/tenants) on auto-sync → deletes 5 resources in it:\n" +
        "  `ConfigMap argocd/argocd-cm`, `Secret argocd/argocd-secret`, `Deployment argocd/argocd-repo-server`, `Deployment argocd/argocd-server`, `StatefulSet argocd/argocd-application-controller`\n",
    );
  });

  it("orders: deletions (protected first), findings by severity, then folded details", () => {
    const at = (s: string) => {
      const i = md.indexOf(s);
      expect(i).toBeGreaterThanOrEqual(0);
      return i;
    };
    const order = [
      "### What will be deleted",
      "🛡️ Protected",
      "**Pruned**",
      "### Findings",
      "`protected-namespace-delete`",
      "`protected-resource-delete`",
      "`not-analysed`",
      "<summary>Applications",
      "<summary>Legend",
    ].map(at);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("is structurally valid markdown", () => {
    expect(markdownProblems(md)).toEqual([]);
  });
});

describe("renderMarkdown: headline", () => {
  it.each<[string, Report, string]>([
    ["no change at all", quietReport(), "## ✅ Pass: no changes"],
    [
      "changes that delete nothing",
      quietReport({ applications: [{ ...quietReport().applications[0]!, change: "modified" }] }),
      "## ✅ Pass: nothing deleted",
    ],
    [
      "warnings and notes",
      quietReport({ verdict: "warn", findings: [finding("warn"), finding("warn", "data-loss"), finding("info")] }),
      "## ⚠️ Warnings: no changes · 2 warnings · 1 note",
    ],
    [
      "one deletion, one blocking finding",
      quietReport({
        verdict: "block",
        deletions: [
          { ref: ref("Namespace", "", "x"), app: "a", cause: "pruned", trigger: "manual-sync", protected: false },
        ],
        findings: [finding("block", "crd-delete")],
      }),
      "## 🛑 Blocked: 1 deletion · 1 blocking finding",
    ],
  ])("%s", (_, report, expected) => {
    expect(lines(renderMarkdown(report))[0]).toBe(expected);
  });

  it("says plainly when no application's output changes", () => {
    expect(renderMarkdown(quietReport())).toContain("\nNo application's rendered output changes.\n");
    expect(renderMarkdown(incidentReport())).not.toContain("No application's rendered output changes");
  });

  it("shows an approval right under the headline", () => {
    const md = renderMarkdown(incidentReport(), {
      approval: { by: "alice", sha: "fedcba9876543210fedcba9876543210fedcba98" },
    });
    expect(lines(md).slice(0, 5).join("\n")).toContain("**Accepted by @alice for `fedcba9`**");
  });

  it("uses the given title", () => {
    expect(renderMarkdown(quietReport(), { title: "Blast radius (staging)" })).toContain(
      "**Blast radius (staging)** of merging `pr` (`2222222`) into `main` (`1111111`)",
    );
  });
});

describe("renderMarkdown: deletions", () => {
  const cascadeOf = (n: number): Report => {
    const via = ref("Namespace", "", "big");
    const members: Deletion[] = Array.from({ length: n }, (_, i) => ({
      ref: ref("ConfigMap", "big", `cm-${String(i).padStart(4, "0")}`),
      app: "big",
      cause: "namespace-deleted",
      via,
      trigger: "manual-sync",
      protected: false,
    }));
    return quietReport({
      verdict: "warn",
      deletions: [{ ref: via, app: "big", cause: "pruned", trigger: "manual-sync", protected: false }, ...members],
    });
  };

  it.each<[string, Deletion, string]>([
    [
      "pruned",
      { ref: ref("Service", "a", "web"), app: "a", cause: "pruned", trigger: "auto-sync", protected: false },
      "- `Service a/web` pruned by app `a` on auto-sync",
    ],
    [
      "deleted with its Application",
      {
        ref: ref("Service", "a", "web"),
        app: "a",
        cause: "app-deleted",
        trigger: "appset-reconcile",
        protected: false,
      },
      "- `Service a/web` deleted with app `a` when the ApplicationSet reconciles",
    ],
    [
      "CRD cascade without the CRD's own deletion",
      {
        ref: ref("Certificate", "a", "tls", "cert-manager.io"),
        app: "certs",
        cause: "crd-deleted",
        via: ref("CustomResourceDefinition", "", "certificates.cert-manager.io", "apiextensions.k8s.io"),
        trigger: "manual-sync",
        protected: false,
      },
      "- `CustomResourceDefinition certificates.cert-manager.io` is deleted on the next manual sync (app `certs`) → deletes 1 resource of that kind:\n  `Certificate.cert-manager.io a/tls`",
    ],
    [
      "a reason is appended",
      {
        ref: ref("Service", "a", "web"),
        app: "a",
        cause: "pruned",
        trigger: "auto-sync",
        protected: false,
        reason: "no longer rendered",
      },
      "- `Service a/web` pruned by app `a` on auto-sync: no longer rendered",
    ],
  ])("%s", (_, deletion, expected) => {
    expect(renderMarkdown(quietReport({ deletions: [deletion] }))).toContain(expected);
  });

  it("renders nested cascades: an Application deleted by its ApplicationSet, its Namespace, what is inside", () => {
    const app = ref("Application", "argocd", "team-a", "argoproj.io");
    const ns = ref("Namespace", "", "team-a");
    const common = { app: "team-a", trigger: "appset-reconcile", protected: false } as const;
    const md = renderMarkdown(
      quietReport({
        verdict: "warn",
        applications: [
          { ...quietReport().applications[0]!, name: "team-a", generatedBy: "ApplicationSet/teams", change: "removed" },
        ],
        deletions: [
          { ...common, ref: app, cause: "pruned" },
          { ...common, ref: ns, cause: "app-deleted", via: app },
          { ...common, ref: ref("Deployment", "team-a", "web", "apps"), cause: "namespace-deleted", via: ns },
        ],
      }),
    );
    expect(md).toContain(
      "- `Namespace team-a` deleted with `Application.argoproj.io argocd/team-a` (app `team-a` (ApplicationSet/teams), when the ApplicationSet reconciles) → deletes 1 resource in it:\n  `Deployment team-a/web`\n",
    );
    expect(md).toContain(
      "- `Application.argoproj.io argocd/team-a` pruned by app `team-a` (ApplicationSet/teams) when the ApplicationSet reconciles → deletes 1 resource of the app:\n  `Namespace team-a`\n",
    );
    expect(lines(md)[0]).toBe("## ⚠️ Warnings: 3 deletions");
  });

  it("lists a short cascade inline and folds a long one", () => {
    expect(renderMarkdown(cascadeOf(3))).not.toContain("<summary>3 resources");
    const md = renderMarkdown(cascadeOf(30));
    expect(md).toContain(
      "- `Namespace big` pruned by app `big` on the next manual sync → deletes 30 resources in it\n  <details>\n  <summary>30 resources deleted with Namespace big</summary>",
    );
    expect(md).toContain("`ConfigMap big/cm-0029`");
    expect(markdownProblems(md)).toEqual([]);
  });

  it("names the first folded members and counts the rest", () => {
    const md = renderMarkdown(cascadeOf(CASCADE_FOLD_MAX + 50));
    expect(md).toContain(`… and 50 more`);
    expect(md).not.toContain(`cm-${String(CASCADE_FOLD_MAX).padStart(4, "0")}`);
  });
});

describe("renderMarkdown: untrusted text cannot break the document", () => {
  const nasty = "oops </details> ``` <!-- x --> **bold** [link](http://x) @org/team\nsecond line";
  const report = quietReport({
    verdict: "block",
    applications: [
      {
        ...quietReport().applications[0]!,
        change: "modified",
        errors: [{ side: "head", message: `Error: ${nasty}\n\`\`\`\n</details>` }],
      },
    ],
    findings: [{ rule: "render-error", severity: "block", message: nasty, app: "a", refs: [] }],
  });
  const md = renderMarkdown(report);

  it("keeps details and fences balanced", () => {
    expect(markdownProblems(md)).toEqual([]);
    // The error keeps its text, inside a fence longer than any backtick run in it.
    expect(md).toContain("  ````text\n  Error: oops </details> ``` <!-- x -->");
  });

  it("escapes markup in messages and defuses mentions", () => {
    const line = lines(md).find((l) => l.includes("`render-error`"))!;
    expect(line).toContain("&lt;/details&gt;");
    expect(line).toContain("\\*\\*bold\\*\\*");
    expect(line).not.toContain("@org");
    expect(line).toContain("second line");
  });
});

describe("renderMarkdown: budget", () => {
  const big = manyDeletionsReport(5000);
  const full = renderMarkdown(big, { maxChars: Number.POSITIVE_INFINITY });

  it("keeps a 5,000-deletion report within the comment limit, valid, and says what was cut", () => {
    const md = renderMarkdown(big);
    expect(COMMENT_MAX_CHARS).toBe(65536);
    expect(md.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    expect(markdownProblems(md)).toEqual([]);
    // 5,001 unprotected deletions, one line each; the 6 protected ones are one cascade item.
    const shown = lines(md).filter((l) => l.startsWith("- `")).length;
    expect(shown).toBeGreaterThan(100);
    expect(md).toContain(`✂️ … ${5001 - shown} more deletions`);
    expect(md).toContain("see the full report with `blast-radius analyze --format json`");
    // Priority: the protected cascade and every blocking finding survive.
    expect(md).toContain("`Namespace argocd` pruned by app `tenant-b`");
    expect(md).toContain("`mass-delete`");
    expect(md).toContain("`protected-resource-delete`");
  });

  it.each([300, 1000, 4000, 20000, COMMENT_MAX_CHARS])("fits %i characters with whole lines only", (maxChars) => {
    const md = renderMarkdown(big, { maxChars, fullReportHint: "see the check run details" });
    expect(md.length).toBeLessThanOrEqual(maxChars);
    expect(markdownProblems(md)).toEqual([]);
    expect(lines(md)[0]).toMatch(/^## 🛑 Blocked: 5007 deletions/);
    expect(md).toContain("(see the check run details).");
    const fullLines = new Set(lines(full));
    for (const l of lines(md)) if (!l.startsWith("> ✂️")) expect(fullLines.has(l)).toBe(true);
  });

  it("does not add a note when everything fits", () => {
    expect(renderMarkdown(incidentReport())).not.toContain("✂️");
  });
});

describe("renderMarkdown: clusters", () => {
  const del = (cluster: string, name: string, extra: Partial<Deletion> = {}): Deletion => ({
    ref: ref("ConfigMap", "shop", name),
    app: "shop",
    cause: "pruned",
    trigger: "auto-sync",
    protected: false,
    cluster,
    ...extra,
  });

  it("deletions on several clusters name theirs; on one cluster they do not", () => {
    const two = renderMarkdown(
      quietReport({
        verdict: "warn",
        deletions: [
          del("https://prod-eu.example.com", "a"),
          del("https://kubernetes.default.svc", "b", { app: "shop-local" }),
        ],
      }),
    );
    expect(two).toContain("- `ConfigMap shop/a` on cluster `https://prod-eu.example.com` pruned by app `shop`");
    expect(two).toContain(
      "- `ConfigMap shop/b` on cluster `https://kubernetes.default.svc` pruned by app `shop-local`",
    );
    const one = renderMarkdown(quietReport({ verdict: "warn", deletions: [del("https://prod-eu.example.com", "a")] }));
    expect(one).not.toContain("on cluster");
  });

  it("apps on two clusters name the cluster even of a single deletion; in-cluster by name or address is one", () => {
    const apps = (dests: { server?: string; name?: string }[]): Report["applications"] =>
      dests.map((destination, i) => ({ ...quietReport().applications[0]!, name: `a${i}`, destination }));
    const one = [del("https://prod-eu.example.com", "a")];
    expect(
      renderMarkdown(
        quietReport({
          verdict: "warn",
          deletions: one,
          applications: apps([{ server: "https://prod-eu.example.com" }, { server: "https://prod-us.example.com" }]),
        }),
      ),
    ).toContain("on cluster `https://prod-eu.example.com`");
    expect(
      renderMarkdown(
        quietReport({
          verdict: "warn",
          deletions: [del("https://kubernetes.default.svc", "a")],
          applications: apps([{ name: "in-cluster" }, { server: "https://kubernetes.default.svc/" }]),
        }),
      ),
    ).not.toContain("on cluster");
  });

  it("a cascade names the cluster its members go on", () => {
    const nsRef = ref("Namespace", "", "shop");
    const md = renderMarkdown(
      quietReport({
        verdict: "warn",
        deletions: [
          del("https://prod-eu.example.com", "shop", { ref: nsRef }),
          del("https://prod-eu.example.com", "x", { cause: "namespace-deleted", via: nsRef }),
          del("https://kubernetes.default.svc", "shop", { ref: nsRef, app: "local" }),
          del("https://kubernetes.default.svc", "x", { cause: "namespace-deleted", via: nsRef, app: "local" }),
        ],
      }),
    );
    expect(md).toContain("deletes 1 resource in it on cluster `https://prod-eu.example.com`:");
    expect(md).toContain("deletes 1 resource in it on cluster `https://kubernetes.default.svc`:");
  });
});

describe("renderMarkdown: a finding's own way out", () => {
  it("replaces the rule's generic remedy, and 'as above' only repeats the same one", () => {
    const f = (message: string, remedy?: string): Finding => ({
      rule: "sync-fails",
      severity: "block",
      message,
      refs: [],
      ...(remedy ? { remedy } : {}),
    });
    const md = renderMarkdown(
      quietReport({
        verdict: "block",
        findings: [f("a fails", "move `X` to `policy/v1`"), f("b fails", "move `Y` to `batch/v1`"), f("c fails")],
      }),
    );
    expect(md).toContain("*To make it safe:* move `X` to `policy/v1`; or, if this is intended");
    expect(md).toContain("*To make it safe:* move `Y` to `batch/v1`; or, if this is intended");
    expect(md).toContain("*To make it safe:* change what the message names");
    expect(md).not.toContain("as above");
  });
});

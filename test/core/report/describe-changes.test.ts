// The comment's and the check run's new parts: changes with diffs, the blast graph, remedies,
// folded findings, a legend only when needed, shields explained.
import { describe, expect, it } from "@jest/globals";
import type { Change, Finding, Report } from "../../../src/core/model.js";
import { renderMarkdown } from "../../../src/core/report/render-markdown.js";
import { renderCheckOutput } from "../../../src/core/report/render-check-output.js";
import { blastGraph, GRAPH_MAX_NODES, renderMermaid } from "../../../src/core/report/blast-graph.js";
import { describeSpecChange } from "../../../src/core/report/describe-changes.js";
import { incidentReport, manyDeletionsReport, ref } from "./fixtures.js";

const quiet = (over: Partial<Report> = {}): Report => ({
  schemaVersion: 1,
  base: { rev: "main", sha: "a".repeat(40) },
  head: { rev: "pr", sha: "b".repeat(40) },
  verdict: "pass",
  applications: [
    {
      name: "web",
      generatedBy: "apps/web.yaml",
      change: "modified",
      autoSync: true,
      autoPrune: true,
      errors: [],
      resources: { added: [], modified: [ref("Deployment", "web", "web", "apps")], removed: [] },
      destination: { server: "https://kubernetes.default.svc", namespace: "web" },
    },
  ],
  deletions: [],
  findings: [],
  ...over,
});

const change = (name: string, diff: string, kind = "Deployment"): Change => ({
  app: "web",
  ref: ref(kind, "web", name, kind === "Deployment" ? "apps" : ""),
  paths: ["spec.replicas"],
  diff,
});

const DIFF = "--- base\n+++ head\n@@ -3 +3 @@\n-  replicas: 3\n+  replicas: 1\n";

describe("the Changes section", () => {
  it("shows each modified resource's diff in a collapsed ```diff block, with its destination", () => {
    const md = renderMarkdown(quiet({ changes: [change("web", DIFF)] }));
    expect(md).toContain("### Changes (1 modified resource)");
    expect(md).toContain("**`web`** → `https://kubernetes.default.svc` · namespace `web` · 1 modified resource");
    expect(md).toContain(
      "<details>\n<summary>Deployment web/web · spec.replicas</summary>\n\n```diff\n--- base\n+++ head\n@@ -3 +3 @@\n-  replicas: 3\n+  replicas: 1\n```\n\n</details>",
    );
  });

  it("puts the riskiest resource first and folds identical changes into one diff with the names", () => {
    const md = renderMarkdown(
      quiet({
        changes: [change("a", DIFF), change("b", DIFF.replace("-3 +3", "-9 +9")), change("db", DIFF, "StatefulSet")],
      }),
    );
    expect(md.indexOf("StatefulSet web/db")).toBeLessThan(md.indexOf("2 × Deployment"));
    expect(md).toContain(
      "<summary>2 × Deployment, the same change · spec.replicas</summary>\n\n`Deployment web/a`, `Deployment web/b`",
    );
  });

  it("a diff too long for the comment is one line; the check run text still has it", () => {
    const long = `--- base\n+++ head\n@@ -1,400 +1,400 @@\n${Array.from({ length: 400 }, (_, i) => `-a${i}\n+b${i}`).join("\n")}\n`;
    const report = quiet({ changes: [change("web", long)] });
    expect(renderMarkdown(report)).toContain(
      "diff too large (803 lines): see the HTML report (`--format html`) or the check run",
    );
    const check = renderCheckOutput(report);
    expect(check.summary).toContain("diff too large (803 lines): see the check run details below");
    expect(check.text).toContain("+b399");
  });

  it("cuts diffs visibly when the budget runs out, never the deletions", () => {
    const changes = Array.from({ length: 40 }, (_, i) => change(`w${i}`, `${DIFF}${"+x\n".repeat(i + 100)}`));
    const many = manyDeletionsReport(5);
    const md = renderMarkdown(
      { ...many, applications: [...many.applications, ...quiet().applications], changes },
      { maxChars: 9000 },
    );
    expect(md.length).toBeLessThanOrEqual(9000);
    expect(md).toMatch(/✂️ … \d+ diffs of modified resources not shown/);
    expect(md).toContain("config-00004");
  });

  it("says what the Application spec change does", () => {
    expect(describeSpecChange({ path: "spec.syncPolicy.automated.prune", base: true, head: null })).toBe(
      "automated prune turned off",
    );
    expect(describeSpecChange({ path: "spec.destination.namespace", base: "shop", head: null })).toBe(
      "destination namespace removed (was `shop`)",
    );
    expect(describeSpecChange({ path: "spec.destination.server", base: "https://a", head: "https://b" })).toBe(
      "destination server: `https://a` → `https://b`",
    );
  });
});

describe("the blast graph", () => {
  it("draws Application → Namespace → what goes with it, counts on the edges", () => {
    const mermaid = renderMermaid(blastGraph(incidentReport()));
    expect(mermaid).toMatch(/^flowchart LR\n/);
    expect(mermaid).toContain('(["app tenant-b"])');
    expect(mermaid).toMatch(/n\d+ -->\|"prunes"\| n\d+/);
    expect(mermaid).toMatch(/-->\|"takes \d+"\|/);
    expect(renderMarkdown(incidentReport())).toContain("```mermaid\nflowchart LR\n");
    expect(renderMarkdown(quiet())).not.toContain("mermaid");
  });

  it("keeps at most a few dozen nodes and says how many more", () => {
    const r = manyDeletionsReport(3);
    const many: Report = {
      ...r,
      deletions: Array.from({ length: 60 }, (_, i) => ({
        ref: ref("Namespace", "", `ns-${i}`),
        app: `app-${i}`,
        cause: "pruned" as const,
        trigger: "auto-sync" as const,
        protected: false,
      })),
    };
    const g = blastGraph(many);
    expect(g.nodes.length).toBeLessThanOrEqual(GRAPH_MAX_NODES);
    expect(g.nodes.at(-1)!.label).toMatch(/^\+\d+ more deletions$/);
  });
});

describe("findings a reviewer can act on", () => {
  it("each blocking finding says what would make it safe, once per rule", () => {
    const md = renderMarkdown(incidentReport());
    expect(md).toContain(
      "*To make it safe:* keep the Namespace in Git, or annotate it `argocd.argoproj.io/sync-options: Prune=false,Delete=false`",
    );
    expect(md).toContain("comment `/blast-radius approve` (binds to this commit)");
  });

  it("folds findings that say the same of different apps into one line with a count", () => {
    const f = (app: string): Finding => ({
      rule: "not-analysed",
      severity: "warn",
      message: `${app} changed but could not be fully rendered: source https://x is not this repository.`,
      app,
      refs: [],
    });
    const md = renderMarkdown(quiet({ verdict: "warn", findings: ["a", "b", "c"].map(f) }));
    expect(md).toContain("### Findings (3)");
    expect(md.match(/^- ⚠️/gm)).toHaveLength(1);
    expect(md).toContain("**×3**: the same for 2 more apps: `b`, `c`");
  });

  it("shows the legend only when a finding or a shield needs it, with only those rules", () => {
    expect(renderMarkdown(quiet())).not.toContain("Legend");
    const md = renderMarkdown(incidentReport());
    expect(md).toContain("<summary>Legend: rules</summary>");
    expect(md).toContain("`protected-namespace-delete` (default block)");
    expect(md).not.toContain("`duplicate-application` (default block)");
  });

  it("explains a shield on an item that does not block", () => {
    const r = incidentReport();
    const warnOnly: Report = {
      ...r,
      verdict: "warn",
      findings: r.findings.map((f) => (f.severity === "block" ? { ...f, severity: "warn" as const } : f)),
    };
    expect(renderMarkdown(warnOnly)).toContain(
      "The marked items here do not block: `protected-namespace-delete` is set to warn in this repository's configuration",
    );
    expect(renderMarkdown(r)).not.toContain("do not block");
  });
});

import { describe, expect, it } from "@jest/globals";
import { computeDeletions } from "../../../src/core/deletions/compute-deletions.js";
import { computeFindings } from "../../../src/core/policy/compute-findings.js";
import type { Config } from "../../../src/config/config.js";
import type { SideState } from "../../../src/core/side-state.js";
import { app, cm, config, ns, side } from "../support/side-fixture.js";

// Each rule's facts are tested in policy/rules/<rule>.test.ts; this is how the registry's rules combine.
function findings(base: SideState, head: SideState, cfg: Config = config()) {
  const facts = computeDeletions({ base, head, config: cfg });
  return computeFindings({ base, head, facts, config: cfg });
}
const rules = (fs: { rule: string; severity: string }[]): string[] => fs.map((f) => `${f.rule}:${f.severity}`).sort();

describe("computeFindings", () => {
  const tenant = app({ name: "tenant" });
  const pvc = "---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: { name: data }\n";

  it("runs every rule: one change can fire several", () => {
    const other = app({ name: "argocd-self", destNs: "argocd" });
    const many = Array.from({ length: 30 }, (_, i) => cm(`cm-${i}`)).join("");
    const base = side({
      apps: [
        { app: tenant, manifests: ns("argocd") },
        { app: other, manifests: many },
      ],
    });
    const head = side({
      apps: [
        { app: tenant, manifests: ns("tenant") },
        { app: other, manifests: many },
      ],
    });
    // The Application CRs live in argocd too, so app-delete joins in.
    expect([...new Set(rules(findings(base, head)))]).toEqual([
      "app-delete:warn",
      "mass-delete:block",
      "protected-namespace-delete:block",
      "protected-resource-delete:block",
    ]);
  });

  it("config overrides severities and turns rules off", () => {
    const base = side({ apps: [{ app: tenant, manifests: pvc + cm("x") }] });
    const head = side({ apps: [{ app: tenant, manifests: cm("x") }] });
    expect(rules(findings(base, head, config({ policy: { rules: { "data-loss": "block" } } })))).toEqual([
      "data-loss:block",
    ]);
    expect(findings(base, head, config({ policy: { rules: { "data-loss": "off" } } }))).toEqual([]);
  });

  it("a configured severity wins over the one a rule chose (info for what base already had)", () => {
    const web = app({ name: "web", destNs: "" });
    const base = side({ apps: [{ app: web, manifests: cm("one") }] });
    const head = side({ apps: [{ app: web, manifests: cm("one") + cm("two") }] });
    expect(rules(findings(base, head))).toEqual(["sync-fails:info"]);
    expect(rules(findings(base, head, config({ policy: { rules: { "sync-fails": "warn" } } })))).toEqual([
      "sync-fails:warn",
    ]);
  });

  it("sorts each finding's refs", () => {
    const base = side({ apps: [{ app: tenant, manifests: cm("b") + cm("a") + cm("keep") }] });
    const head = side({ apps: [{ app: tenant, manifests: cm("keep") }] });
    const [f] = findings(base, head, config({ protectedNamespaces: ["tenant"] }));
    expect(f!.refs.map((r) => r.name)).toEqual(["a", "b"]);
  });

  it("an unchanged app produces no finding", () => {
    const base = side({ apps: [{ app: tenant, manifests: cm("x") }] });
    const head = side({ apps: [{ app: tenant, manifests: cm("x") }] });
    expect(findings(base, head)).toEqual([]);
  });
});

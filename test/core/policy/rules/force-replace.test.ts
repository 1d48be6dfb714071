import { describe, expect, it } from "@jest/globals";
import { app, cm, ns, side } from "../../support/side-fixture.js";
import { summaries, type RuleCase } from "./support/findings-of.js";

const SYNC_OPTIONS = "argocd.argoproj.io/sync-options";
const pvc = (ann: string): string =>
  `---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  annotations: { ${SYNC_OPTIONS}: "${ann}" }\nspec: { resources: { requests: { storage: 2Gi } } }\n`;
const changed = (params: { manifest: (v: string) => string; syncOptions?: string[] }): RuleCase => {
  const tenant = app({ name: "tenant", syncOptions: params.syncOptions ?? [] });
  return {
    base: side({ apps: [{ app: tenant, manifests: params.manifest("1") }] }),
    head: side({ apps: [{ app: tenant, manifests: params.manifest("2") }] }),
  };
};
const cmWith = (ann: string) => (v: string) =>
  cm("cfg", "", ann ? { [SYNC_OPTIONS]: ann } : {}).replace("data: { k: v }", `data: { k: "${v}" }`);
// kubectl:pkg/cmd/replace/replace.go (forceReplace) via argo-cd:gitops-engine/pkg/sync/sync_context.go (applyObject):
// Replace=true with Force=true deletes and re-creates a live object on every sync; CRDs and Namespaces are updated.
const cases: { fact: string; c: RuleCase; expected: string[] }[] = [
  {
    fact: "both options on a changed object warn",
    c: changed({ manifest: cmWith("Replace=true,Force=true") }),
    expected: [
      "warn: ConfigMap tenant/cfg is synced with Replace=true and Force=true: Argo CD deletes and re-creates it when this change is applied.",
    ],
  },
  {
    fact: "Replace=true may come from the Application, Force=true from the resource",
    c: changed({ manifest: cmWith("Force=true"), syncOptions: ["Replace=true"] }),
    expected: [
      "warn: ConfigMap tenant/cfg is synced with Replace=true and Force=true: Argo CD deletes and re-creates it when this change is applied.",
    ],
  },
  {
    // controller/sync.go: the force flag is syncOp.SyncStrategy.Force(), never the app's syncOptions
    // (also on 3.4+, whose app-level resource defaults are Prune= and Delete=); argo-cd issue #7459.
    fact: "an app-level Force=true is not the force flag: Replace=true replaces in place",
    c: changed({ manifest: cmWith("Replace=true"), syncOptions: ["Force=true"] }),
    expected: [],
  },
  {
    fact: "both at app level: Replace=true in place, Force=true ignored",
    c: changed({ manifest: cmWith(""), syncOptions: ["Replace=true", "Force=true"] }),
    expected: [],
  },
  { fact: "Replace=true alone replaces in place", c: changed({ manifest: cmWith("Replace=true") }), expected: [] },
  {
    fact: "an object this change does not touch is not applied",
    c: changed({ manifest: () => cmWith("Replace=true,Force=true")("same") }),
    expected: [],
  },
  {
    fact: "a Namespace is updated, not re-created",
    c: changed({ manifest: (v) => ns("shop", { [SYNC_OPTIONS]: "Replace=true,Force=true", rev: v }) }),
    expected: [],
  },
  {
    fact: "a re-created claim takes its volume with it",
    c: changed({ manifest: (v) => pvc("Replace=true,Force=true").replace("2Gi", `${v}Gi`) }),
    expected: [
      "warn: PersistentVolumeClaim tenant/data is synced with Replace=true and Force=true: Argo CD deletes and re-creates it when this change is applied, and its volume with it.",
    ],
  },
];

describe("force-replace", () => {
  it.each(cases)("$fact", ({ c, expected }) => {
    expect(summaries("force-replace", c)).toEqual(expected);
  });
});

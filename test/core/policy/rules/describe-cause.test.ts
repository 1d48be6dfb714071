import { describe, expect, it } from "@jest/globals";
import type { Deletion } from "../../../../src/core/model.js";
import { describeCause } from "../../../../src/core/policy/rules/describe-cause.js";

const d = (extra: Partial<Deletion>): Deletion => ({
  ref: { group: "", kind: "PersistentVolumeClaim", namespace: "db", name: "data-pg-0" },
  app: "db",
  cause: "pruned",
  trigger: "auto-sync",
  protected: false,
  ...extra,
});
const via = (kind: string, name: string) => ({ group: "", kind, namespace: "", name });

describe("describeCause", () => {
  it.each([
    [d({}), "pruned by db (auto-sync)"],
    [d({ cause: "app-deleted", via: via("Application", "db") }), "deleted with Application db"],
    [d({ cause: "app-deleted", via: via("ApplicationSet", "teams") }), "deleted with ApplicationSet teams"],
    [d({ cause: "namespace-deleted", via: via("Namespace", "db") }), "deleted with Namespace db"],
    [
      d({ cause: "crd-deleted", via: via("CustomResourceDefinition", "x.example.com") }),
      "deleted with CRD x.example.com",
    ],
    [d({ cause: "owner-deleted", via: via("StatefulSet", "pg") }), "garbage-collected with its owner StatefulSet pg"],
    [d({ cause: "replaced", recreatedBy: "db" }), "deleted and created again by db"],
  ])("%#: %s", (deletion, text) => {
    expect(describeCause(deletion)).toBe(text);
  });
});

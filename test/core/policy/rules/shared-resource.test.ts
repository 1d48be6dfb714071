import { describe, expect, it } from "@jest/globals";
import { app, cm, config, side } from "../../support/side-fixture.js";
import { summaries, type RuleCase } from "./support/findings-of.js";

const a = app({ name: "a", destNs: "shared" });
const b = app({ name: "b", destNs: "shared" });
const c = app({ name: "c", destNs: "shared" });
// argo-cd:controller/state.go (CompareAppState): an object tracked by another app raises SharedResourceWarning
// only; both apps keep re-stamping it, and either one's prune deletes it.
const cases: { fact: string; c: RuleCase; expected: string[] }[] = [
  {
    fact: "a second app starting to declare an object warns",
    c: {
      base: side({
        apps: [
          { app: a, manifests: cm("cfg") },
          { app: b, manifests: cm("other") },
        ],
      }),
      head: side({
        apps: [
          { app: a, manifests: cm("cfg") },
          { app: b, manifests: cm("other") + cm("cfg") },
        ],
      }),
    },
    expected: [
      "warn: ConfigMap shared/cfg is declared by 2 applications (a, b): they overwrite each other's tracking, and whichever prunes it last deletes it.",
    ],
  },
  {
    fact: "a sharing that already exists, or an app leaving it, is not news",
    c: {
      base: side({
        apps: [
          { app: a, manifests: cm("cfg") },
          { app: b, manifests: cm("cfg") },
          { app: c, manifests: cm("cfg") },
        ],
      }),
      head: side({
        apps: [
          { app: a, manifests: cm("cfg") },
          { app: b, manifests: cm("cfg") },
          { app: c, manifests: cm("other") },
        ],
      }),
    },
    expected: [],
  },
  {
    // argo-cd:gitops-engine/pkg/utils/kube/kube.go (GetResourceKey) is per cluster: the same ref elsewhere is another object.
    fact: "the same ref on two clusters is two objects",
    c: {
      base: side({ apps: [{ app: a, manifests: cm("cfg") }] }),
      head: side({
        apps: [
          { app: a, manifests: cm("cfg") },
          { app: app({ name: "b", destNs: "shared", server: "https://other.example.com" }), manifests: cm("cfg") },
        ],
      }),
      config: config({ clusters: [{ name: "other", server: "https://other.example.com" }] }),
    },
    expected: [],
  },
];

describe("shared-resource", () => {
  it.each(cases)("$fact", ({ c, expected }) => {
    expect(summaries("shared-resource", c)).toEqual(expected);
  });
});

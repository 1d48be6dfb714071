import { describe, expect, it } from "@jest/globals";
import { app, cm, ns, side } from "../../support/side-fixture.js";
import { summaries, type RuleCase } from "./support/findings-of.js";

const tenant = app({ name: "tenant", destNs: "shop" });
const volume = (kind: string, name: string, apiVersion = "v1"): string =>
  `---\napiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: { name: ${name} }\n`;
const removed = (manifests: string): RuleCase => ({
  base: side({ apps: [{ app: tenant, manifests: manifests + cm("keep") }] }),
  head: side({ apps: [{ app: tenant, manifests: cm("keep") }] }),
});
// kubernetes docs concepts/storage/persistent-volumes ("Reclaiming"): a deleted claim releases its volume,
// and the Delete reclaim policy (dynamic provisioning's default) deletes it with its data.
const cases: { fact: string; c: RuleCase; expected: string[] }[] = [
  {
    fact: "a pruned PersistentVolumeClaim warns",
    c: removed(volume("PersistentVolumeClaim", "data")),
    expected: [
      "warn: PersistentVolumeClaim shop/data would be pruned by tenant (auto-sync); the data on its volume may be lost.",
    ],
  },
  {
    fact: "a pruned PersistentVolume warns",
    c: removed(volume("PersistentVolume", "pv-1")),
    expected: [
      "warn: PersistentVolume pv-1 would be pruned by tenant (auto-sync); the data on its volume may be lost.",
    ],
  },
  {
    // k8s:pkg/controller/namespace/deletion/namespaced_resources_deleter.go (Delete): the claims inside go too.
    fact: "a claim another app deployed, deleted with its Namespace, warns",
    c: {
      base: side({
        apps: [
          { app: tenant, manifests: ns("shop") + cm("keep", "other") },
          { app: app({ name: "db", destNs: "shop" }), manifests: volume("PersistentVolumeClaim", "data") },
        ],
      }),
      head: side({
        apps: [
          { app: tenant, manifests: cm("keep", "other") },
          { app: app({ name: "db", destNs: "shop" }), manifests: volume("PersistentVolumeClaim", "data") },
        ],
      }),
    },
    expected: [
      "warn: PersistentVolumeClaim shop/data would be deleted with Namespace shop; the data on its volume may be lost.",
    ],
  },
  {
    fact: "a kind of that name in another group is not a volume",
    c: removed(volume("PersistentVolumeClaim", "data", "example.com/v1")),
    expected: [],
  },
];

describe("data-loss", () => {
  it.each(cases)("$fact", ({ c, expected }) => {
    expect(summaries("data-loss", c)).toEqual(expected);
  });
});

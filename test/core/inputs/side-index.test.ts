import { describe, it, expect } from "@jest/globals";
import { treeChanges } from "../../../src/core/inputs/input-tree.js";
import { indexFromJson, indexToJson, sideIndexBuilder, touchedByChanges } from "../../../src/core/inputs/side-index.js";

function sample() {
  const b = sideIndexBuilder();
  b.structure.addPath("argocd/appset.yaml");
  b.structure.addListing("tenants");
  b.keyReads("argocd/web").addTreeReads({
    paths: new Set(["envs/web/values.yaml"]),
    dirs: new Set(["charts/web"]),
    all: false,
  });
  b.keyReads("argocd/api").addTreeReads({ paths: new Set(["apps/api/cm.yaml"]), dirs: new Set(), all: false });
  b.appFile("argocd/web.yaml", ["argocd/web"]);
  b.appFile("argocd/api.yaml", ["argocd/api"]);
  return b.done();
}

describe("touchedByChanges", () => {
  const index = sample();

  it("a change to the structure (a generator's file, a listing gaining a path) touches everything", () => {
    expect(touchedByChanges(index, treeChanges(["argocd/appset.yaml"], []))).toBeUndefined();
    expect(touchedByChanges(index, treeChanges(["tenants/t9/cm.yaml"], ["tenants/t9/cm.yaml"]))).toBeUndefined();
  });

  it("otherwise, the Application files of the index that changed and the apps whose keys read a changed path", () => {
    expect(touchedByChanges(index, treeChanges(["argocd/web.yaml", "charts/web/templates/x.yaml"], []))).toEqual({
      appFiles: ["argocd/web.yaml"],
      keys: ["argocd/web"],
    });
    expect(touchedByChanges(index, treeChanges(["apps/api/cm.yaml", "README.md"], []))).toEqual({
      appFiles: [],
      keys: ["argocd/api"],
    });
    // a file changed in place under a listing: the listing is the same
    expect(touchedByChanges(index, treeChanges(["tenants/t1/cm.yaml"], []))).toEqual({ appFiles: [], keys: [] });
  });

  it("reads back from JSON as it was", () => {
    const back = indexFromJson(JSON.parse(JSON.stringify(indexToJson(index))));
    expect(back).toEqual(index);
    expect(indexFromJson({ structure: {}, keys: [], appFiles: [] })).toBeUndefined();
    expect(indexFromJson({ ...(indexToJson(index) as object), appFiles: [["f", [1]]] })).toBeUndefined();
  });
});

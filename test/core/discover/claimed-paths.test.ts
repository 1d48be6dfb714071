// The directory index of claims answers as the scan over every claimer did.
import { describe, expect, it } from "@jest/globals";
import { indexClaims, isUnder } from "../../../src/core/discover/claimed-paths.js";

describe("indexClaims", () => {
  const claimers = [
    { owner: "root.yaml", dir: "apps" },
    { owner: "apps/self.yaml", dir: "apps/self.yaml" },
    { owner: "", dir: "tenants/t1" },
    { owner: "x.yaml", dir: "" },
  ];
  const scan = (cs: typeof claimers) => (file: string) => cs.some((c) => c.owner !== file && isUnder(file, c.dir));
  const files = [
    "root.yaml",
    "apps/a.yaml",
    "apps/self.yaml",
    "appsx/a.yaml",
    "tenants/t1/app.yaml",
    "x.yaml",
    "",
    "tenants/t10/a.yaml",
  ];

  it("equals the scan, for claims by other files, by the file itself, and by the root directory", () => {
    for (const cs of [claimers, claimers.slice(0, 3), claimers.slice(1, 2), []]) {
      const fast = indexClaims(cs);
      const slow = scan(cs);
      for (const f of files) expect([f, fast(f)]).toEqual([f, slow(f)]);
    }
  });
});

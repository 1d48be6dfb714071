// Through `analyze` on real git and the real renderer: head derived from the base side (the
// Application files that change redone, the keys whose reads change computed again) when the
// change touches nothing that decided the base side's structure, and built in full otherwise.
// Each case: whether head was derived, cold and from a kept base side, and the report equal to
// the forced full render's.
import { describe, it, expect, afterAll } from "@jest/globals";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyze } from "../../src/analyze.js";
import { renderJson } from "../../src/core/report/render-json.js";
import { derivedCounters } from "../../src/pipeline/derive-head.js";
import {
  makeRepo,
  REPO_URL,
  sourcedApplication as application,
  TENANTS_APPSET as APPSET,
  type Files,
} from "../scenario/scenario-repo.js";

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name} }\ndata: { a: "1" }\n`;
const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name} }\n`;

const BASE: Files = {
  "argocd/alpha.yaml": application("alpha"),
  "argocd/beta.yaml": application("beta"),
  "argocd/pair.yaml": `${application("gamma")}---\n${application("delta")}`,
  "argocd/tenants.yaml": APPSET,
  "argocd/root.yaml": application("root", `{ repoURL: "${REPO_URL}", path: children }`),
  "children/child.yaml": application("child"),
  "apps/alpha/cm.yaml": cm("alpha"),
  "apps/alpha/ns.yaml": ns("shared"),
  "apps/beta/cm.yaml": cm("beta"),
  "apps/gamma/cm.yaml": cm("gamma"),
  "apps/delta/cm.yaml": cm("delta"),
  "apps/child/cm.yaml": cm("child"),
  "apps/omega/cm.yaml": cm("omega"),
  "tenants/t1/cm.yaml": cm("t1"),
  "README.md": "docs\n",
};

const cacheDirs: string[] = [];
afterAll(async () => {
  for (const d of cacheDirs) await rm(d, { recursive: true, force: true });
});

/** The pull request analysed cold, then again on a cache that holds the base side (kept by a
 *  README-only pull request), then with nothing reused: whether each fast run derived head. */
async function analyse(head: Files, base: Files = BASE) {
  const repo = await makeRepo({ base, head });
  try {
    const derived: boolean[] = [];
    const reports: string[] = [];
    const kept = await mkdtemp(join(tmpdir(), "br-derive-"));
    cacheDirs.push(kept);
    const other = await makeRepo({ base, head: { "README.md": "other\n" } });
    await analyze({ repoDir: other.dir, base: "main", head: "feature", cacheDir: kept });
    await other.cleanup();
    for (const cacheDir of [undefined, kept]) {
      const before = derivedCounters.derived;
      const out = await analyze({
        repoDir: repo.dir,
        base: "main",
        head: "feature",
        ...(cacheDir ? { cacheDir } : {}),
      });
      if (!out.ok) throw new Error(out.error);
      derived.push(derivedCounters.derived > before);
      reports.push(renderJson(out.report));
    }
    const full = await analyze({ repoDir: repo.dir, base: "main", head: "feature", noCache: true });
    if (!full.ok) throw new Error(full.error);
    return { derived, reports, full: renderJson(full.report), report: full.report };
  } finally {
    await repo.cleanup();
  }
}

describe("head derived from the base side", () => {
  it.each([
    ["an Application file removed", true, { "argocd/beta.yaml": null }],
    [
      "an Application file changed in place",
      true,
      { "argocd/beta.yaml": application("beta", `{ repoURL: "${REPO_URL}", path: apps/omega }`) },
    ],
    ["a file an app reads changed", true, { "apps/alpha/cm.yaml": cm("alpha-2") }],
    ["a file an app reads removed (a Namespace with it)", true, { "apps/alpha/ns.yaml": null }],
    ["a file a generated app reads changed", true, { "tenants/t1/cm.yaml": cm("t1-2") }],
    ["an Application file left declaring nothing", true, { "argocd/beta.yaml": "# moved away\n" }],
    ["a file a child of a rendered app reads changed", true, { "apps/child/cm.yaml": cm("child-2") }],
    ["an Application added", false, { "argocd/omega.yaml": application("omega") }],
    ["an Application file renamed", false, { "argocd/beta.yaml": null, "argocd/b.yaml": application("beta") }],
    ["one of two Applications of a file removed", false, { "argocd/pair.yaml": application("gamma") }],
    [
      "the two Applications of a file swapped",
      false,
      { "argocd/pair.yaml": `${application("delta")}---\n${application("gamma")}` },
    ],
    [
      "an app's source moved over another Application file",
      false,
      { "argocd/beta.yaml": application("beta", `{ repoURL: "${REPO_URL}", path: argocd }`) },
    ],
    [
      "an ApplicationSet changed",
      false,
      { "argocd/tenants.yaml": APPSET.replace("tenant-{{path.basename}}'", "t-{{path.basename}}'") },
    ],
    ["a tenant directory added (the generator lists it)", false, { "tenants/t2/cm.yaml": cm("t2") }],
    [
      "a child Application of a rendered app changed",
      false,
      { "children/child.yaml": application("child", `{ repoURL: "${REPO_URL}", path: apps/omega }`) },
    ],
    [
      "an Application file that stops parsing",
      false,
      { "argocd/beta.yaml": "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: [\n" },
    ],
  ] as const)("%s (derived: %s): the report equals the full render's", async (_name, expected, head) => {
    const { derived, reports, full } = await analyse(head);
    expect(derived).toEqual([expected, expected]);
    for (const r of reports) expect(r).toBe(full);
  });

  it("an Application declared twice: removing one declaration is never derived", async () => {
    const base: Files = { ...BASE, "argocd/beta-again.yaml": application("beta") };
    const { derived, reports, full } = await analyse({ "argocd/beta-again.yaml": null }, base);
    expect(derived).toEqual([false, false]);
    for (const r of reports) expect(r).toBe(full);
  });
});

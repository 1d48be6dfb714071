import { describe, expect, it } from "@jest/globals";
import { app, cm, side } from "../../support/side-fixture.js";
import { summaries, type RuleCase } from "./support/findings-of.js";

/** An Application with manifest-generate-paths set. */
const withPaths = (paths: string | undefined, syncOptions: string[] = []): string => {
  const manifest = app({ name: "web", syncOptions });
  return paths === undefined
    ? manifest
    : manifest.replace(
        "  namespace: argocd\n",
        `  namespace: argocd\n  annotations: { argocd.argoproj.io/manifest-generate-paths: "${paths}" }\n`,
      );
};
const output = (params: { paths?: string; before: string; after: string; changedFiles: string[] }): RuleCase => ({
  base: side({ apps: [{ app: withPaths(params.paths), manifests: params.before }] }),
  head: side({ apps: [{ app: withPaths(params.paths), manifests: params.after }] }),
  changedFiles: params.changedFiles,
});
// argo-cd:util/app/path/path.go (AppFilesHaveChanged): with manifest-generate-paths, a commit that touches none
// of the paths keeps the app's old manifests, so a change to its output is applied only later.
const cases: { fact: string; c: RuleCase; expected: string[] }[] = [
  {
    fact: "output that changes through a file outside the paths warns",
    c: output({ paths: "/apps/web", before: cm("a"), after: cm("b"), changedFiles: ["shared/values.yaml"] }),
    expected: [
      "warn: web's rendered output changes, but no changed file matches its manifest-generate-paths (/apps/web): Argo CD keeps its old manifests for this commit, so the change (and any deletion above) lands later, on a hard refresh or the next commit touching those paths.",
    ],
  },
  {
    fact: "a changed file under the paths refreshes the app",
    c: output({ paths: "/apps/web", before: cm("a"), after: cm("b"), changedFiles: ["apps/web/values.yaml"] }),
    expected: [],
  },
  {
    fact: "without the annotation every commit refreshes the app",
    c: output({ before: cm("a"), after: cm("b"), changedFiles: ["shared/values.yaml"] }),
    expected: [],
  },
  {
    fact: "unchanged output is nothing to apply",
    c: output({ paths: "/apps/web", before: cm("a"), after: cm("a"), changedFiles: ["shared/values.yaml"] }),
    expected: [],
  },
  {
    fact: "a changed Application spec is compared anew",
    c: {
      base: side({ apps: [{ app: withPaths("/apps/web"), manifests: cm("a") }] }),
      head: side({ apps: [{ app: withPaths("/apps/web", ["PruneLast=true"]), manifests: cm("b") }] }),
      changedFiles: ["shared/values.yaml"],
    },
    expected: [],
  },
];

describe("stale-manifests", () => {
  it.each(cases)("$fact", ({ c, expected }) => {
    expect(summaries("stale-manifests", c)).toEqual(expected);
  });
});

import { appFilesHaveChanged, refreshPathsOf } from "../../argocd/manifest-generate-paths.js";
import { specChanged, stableStringify } from "../../diff/pair-apps.js";
import { defineRule, type RuleDraft } from "./rule.js";

/** With manifest-generate-paths, Argo CD keeps an app's old manifests for a commit that touches none
 *  of its paths (argo-cd:util/app/path/path.go (AppFilesHaveChanged)), so a change to its output lands later. */
export const staleManifests = defineRule({
  id: "stale-manifests",
  defaultSeverity: "warn",
  description:
    "an app's output changes but its manifest-generate-paths do not match the change, so Argo CD applies it later",
  evaluate: ({ base, head, changedFiles }) => {
    if (!changedFiles) return [];
    const out: RuleDraft[] = [];
    for (const [key, h] of head.apps) {
      const b = base.apps.get(key);
      if (!b || !h.desired || !b.desired || specChanged(b.spec, h.spec)) continue;
      const paths = refreshPathsOf(h.spec);
      if (!paths || appFilesHaveChanged({ refreshPaths: paths, changedFiles })) continue;
      const changed =
        [...h.desired.resources.keys()].some(
          (k) =>
            stableStringify(b.desired!.resources.get(k)?.obj) !== stableStringify(h.desired!.resources.get(k)?.obj),
        ) || b.desired.resources.size !== h.desired.resources.size;
      if (!changed) continue;
      out.push({
        message: `${h.spec.name}'s rendered output changes, but no changed file matches its manifest-generate-paths (${paths.map((p) => `/${p}`).join(", ")}): Argo CD keeps its old manifests for this commit, so the change (and any deletion above) lands later, on a hard refresh or the next commit touching those paths.`,
        app: h.spec.name,
        refs: [],
      });
    }
    return out;
  },
});

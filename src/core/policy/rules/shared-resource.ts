import { clusterIdOf } from "../../argocd/cluster-id.js";
import { cmp } from "../../argocd/manifest.js";
import type { Ref } from "../../model.js";
import { clusterRefKey, formatRef } from "../../refs.js";
import type { SideState } from "../../side-state.js";
import { defineRule, type RuleDraft } from "./rule.js";

/** Two apps tracking one object overwrite each other's tracking id, and either may prune it: Argo CD
 *  only warns (SharedResourceWarning, argo-cd:controller/state.go (CompareAppState)). */
export const sharedResource = defineRule({
  id: "shared-resource",
  defaultSeverity: "warn",
  description: "two Applications declare the same resource",
  evaluate: ({ base, head, config }) => {
    const owners = (side: SideState): Map<string, { ref: Ref; apps: string[] }> => {
      const m = new Map<string, { ref: Ref; apps: string[] }>();
      for (const [, app] of side.apps) {
        if (!app.desired) continue;
        const cluster = clusterIdOf(app.spec, config);
        for (const r of app.desired.resources.values()) {
          const k = clusterRefKey(cluster, r.ref);
          const e = m.get(k) ?? { ref: r.ref, apps: [] };
          e.apps.push(app.spec.name);
          m.set(k, e);
        }
      }
      return m;
    };
    const before = owners(base);
    const out: RuleDraft[] = [];
    for (const [k, e] of owners(head)) {
      if (e.apps.length < 2) continue;
      const apps = [...new Set(e.apps)].sort(cmp);
      const old = before.get(k);
      // News only when an app joins the sharing; apps leaving it make nothing worse.
      const preexisting = old !== undefined && new Set(old.apps).size > 1 && apps.every((a) => old.apps.includes(a));
      if (preexisting) continue;
      out.push({
        message: `${formatRef(e.ref)} is declared by ${apps.length} applications (${apps.join(", ")}): they overwrite each other's tracking, and whichever prunes it last deletes it.`,
        app: apps[0]!,
        refs: [e.ref],
      });
    }
    return out;
  },
});

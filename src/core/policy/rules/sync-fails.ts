import { clusterIdOf } from "../../argocd/cluster-id.js";
import { SyncOption } from "../../argocd/constants.js";
import { hasAppOption } from "../../argocd/sync-options.js";
import { clusterRefKey } from "../../refs.js";
import { defineRule, type RuleDraft } from "./rule.js";

/** The sync fails instead of applying the change: what computeDeletions found (a prune the API
 *  server refuses, a namespaced object with nowhere to go), plus FailOnSharedResource. */
export const syncFails = defineRule({
  id: "sync-fails",
  defaultSeverity: "block",
  description: "the sync Argo CD would run fails instead of applying the change",
  evaluate: ({ head, config, facts }) => {
    const out: RuleDraft[] = facts.syncFailures.map((f) => ({
      ...(f.preexisting ? { severity: "info" as const } : {}),
      message: f.preexisting ? `${f.message} (already the case on base)` : f.message,
      app: f.app,
      refs: f.refs,
      ...(f.remedy !== undefined ? { remedy: f.remedy } : {}),
    }));
    // FailOnSharedResource=true fails the whole sync when the app shares a resource (controller/sync.go).
    const owners = new Map<string, string[]>();
    for (const [, app] of head.apps) {
      if (!app.desired) continue;
      const cluster = clusterIdOf(app.spec, config);
      for (const r of app.desired.resources.values()) {
        const k = clusterRefKey(cluster, r.ref);
        owners.set(k, [...(owners.get(k) ?? []), app.spec.key]);
      }
    }
    for (const [, app] of head.apps) {
      if (!app.desired || !hasAppOption(app.spec.syncPolicy.syncOptions, SyncOption.FailOnSharedResource)) continue;
      const cluster = clusterIdOf(app.spec, config);
      const shared = [...app.desired.resources.values()].filter(
        (r) => (owners.get(clusterRefKey(cluster, r.ref)) ?? []).length > 1,
      );
      if (shared.length === 0) continue;
      out.push({
        message: `${app.spec.name} sets FailOnSharedResource=true and shares ${shared.length} resource${shared.length === 1 ? "" : "s"} with another application: every sync fails.`,
        app: app.spec.name,
        refs: shared.map((r) => r.ref),
        remedy: "declare each shared resource in one Application only, or drop `FailOnSharedResource=true`",
      });
    }
    return out;
  },
});

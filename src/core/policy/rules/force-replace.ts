import { applyModeOf } from "../../argocd/apply-mode.js";
import { CRD_KIND } from "../../argocd/constants.js";
import { stableStringify } from "../../diff/pair-apps.js";
import { formatRef, refKey } from "../../refs.js";
import { defineRule, type RuleDraft } from "./rule.js";

/** Replace=true with Force=true deletes and re-creates the object on apply
 *  (gitops-engine sync_context.go (applyObject); Namespaces and CRDs are updated instead).
 *  Read as apply-mode.ts reads it: Replace from the app's syncOptions or the resource, Force from the
 *  resource only. An app-level `Force=true` is not the force flag: controller/sync.go passes
 *  `syncOp.SyncStrategy.Force()` (a manual sync's force) to WithOperationSettings, also on 3.4+, whose
 *  app-level defaults are Prune= and Delete= only (WithDefaultPruneOption); argo-cd issue #7459. */
export const forceReplace = defineRule({
  id: "force-replace",
  defaultSeverity: "warn",
  description: "a changed object is synced with Replace=true and Force=true, so Argo CD deletes and re-creates it",
  evaluate: ({ base, head }) => {
    const out: RuleDraft[] = [];
    for (const [key, h] of head.apps) {
      if (!h.desired) continue;
      const appOpts = h.spec.syncPolicy.syncOptions;
      const b = base.apps.get(key)?.desired;
      for (const r of h.desired.resources.values()) {
        if (r.ref.kind === "Namespace" || r.ref.kind === CRD_KIND) continue;
        const mode = applyModeOf({ obj: r.obj, appOptions: appOpts });
        if (!mode.replace || !mode.force) continue;
        const old = b?.resources.get(refKey(r.ref));
        if (old && stableStringify(old.obj) === stableStringify(r.obj)) continue; // not applied by this change
        out.push({
          message: `${formatRef(r.ref)} is synced with Replace=true and Force=true: Argo CD deletes and re-creates it when this change is applied${r.ref.kind === "PersistentVolumeClaim" ? ", and its volume with it" : ""}.`,
          app: h.spec.name,
          refs: [r.ref],
        });
      }
    }
    return out;
  },
});

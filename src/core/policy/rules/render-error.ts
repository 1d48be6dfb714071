import { defineRule, type RuleDraft } from "./rule.js";
import { failsHereOnly } from "../../failure-kind.js";

/** A manifest generation error is a ComparisonError, and Argo CD runs no sync while it lasts
 *  (argo-cd:controller/sync.go, "If there are any comparison or spec errors"). */
export const renderError = defineRule({
  id: "render-error",
  defaultSeverity: "block",
  description: "an application renders on base but not on head, so Argo CD stops syncing it",
  evaluate: ({ base, head }) => {
    const out: RuleDraft[] = [];
    for (const [key, h] of head.apps) {
      if (!h.render.error || failsHereOnly(h.render)) continue;
      const b = base.apps.get(key);
      // Only a base that really rendered everything shows that this change breaks the app.
      if (b && !b.render.error && !b.render.incomplete) {
        out.push({
          message: `${h.spec.name} renders on base but fails on head, so Argo CD stops syncing it: ${h.render.error}`,
          app: h.spec.name,
          refs: [],
        });
      }
    }
    return out;
  },
});

import { isNamespaceRef, refKey } from "../../refs.js";
import { isProtectedNamespace } from "../is-protected-namespace.js";
import { defineRule, type RuleDraft } from "./rule.js";

/** Declaring a Namespace makes Argo CD track it, so a later change that drops it prunes it. */
export const protectedNamespaceAdopt = defineRule({
  id: "protected-namespace-adopt",
  defaultSeverity: "block",
  description: "an Application starts declaring a protected Namespace, so a later change can prune it",
  evaluate: ({ base, head, config }) => {
    const out: RuleDraft[] = [];
    for (const [key, h] of head.apps) {
      if (!h.desired) continue;
      const b = base.apps.get(key);
      for (const r of h.desired.resources.values()) {
        if (!isNamespaceRef(r.ref) || !isProtectedNamespace(r.ref.name, config)) continue;
        if (b?.desired?.resources.has(refKey(r.ref))) continue;
        out.push({
          message: `${h.spec.name} starts declaring protected Namespace ${r.ref.name}: Argo CD takes ownership of it, so a later change that drops it from the render prunes the namespace and everything in it.`,
          app: h.spec.name,
          refs: [r.ref],
        });
      }
    }
    return out;
  },
});

import { cmp } from "../../argocd/manifest.js";
import { applicationRef } from "../../refs.js";
import { defineRule, type RuleDraft } from "./rule.js";

/** Two manifests of one Application: Argo CD keeps one spec, so the other's resources can be pruned. */
export const duplicateApplication = defineRule({
  id: "duplicate-application",
  defaultSeverity: "block",
  description:
    "two manifests declare the same Application, so Argo CD keeps one spec and may prune the other's resources",
  evaluate: ({ base, head }) => {
    const out: RuleDraft[] = [];
    for (const [key, h] of head.apps) {
      // The same parent may render one name twice (two files, one copy-pasted name): count each.
      const places = [...h.declarations].sort(cmp);
      if (places.length < 2) continue;
      const before = [...(base.apps.get(key)?.declarations ?? [])].sort(cmp);
      const preexisting = before.join("\n") === places.join("\n");
      out.push({
        ...(preexisting ? { severity: "info" as const } : {}),
        message: `Application ${h.spec.name} is declared ${places.length} times (${describePlaces(places)}): Argo CD keeps only one spec (the last one rendered, or the ApplicationSet's), so the other's resources can be pruned${preexisting ? " (already the case on base)" : ""}.`,
        app: h.spec.name,
        refs: [applicationRef(h.spec)],
      });
    }
    return out;
  },
});

function describePlaces(places: string[]): string {
  const counts = new Map<string, number>();
  for (const p of places) counts.set(p, (counts.get(p) ?? 0) + 1);
  return [...counts].map(([p, n]) => (n > 1 ? `${n}× in ${p}'s render` : p)).join("; ");
}

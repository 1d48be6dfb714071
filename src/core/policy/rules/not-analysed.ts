import { specChanged } from "../../diff/pair-apps.js";
import { failsHereOnly } from "../../failure-kind.js";
import { inputsChanged } from "../../diff/inputs-changed.js";
import { defineRule, type RuleDraft } from "./rule.js";

/** What the change may affect but this tool could not see: never reported as unchanged. */
export const notAnalysed = defineRule({
  id: "not-analysed",
  defaultSeverity: "warn",
  description: "an application the change may affect could not be analysed",
  evaluate: ({ base, head, changedFiles }) => {
    const out: RuleDraft[] = [];
    for (const [key, h] of head.apps) {
      const b = base.apps.get(key);
      for (const s of h.render.sources) {
        if (s.status === "skipped" && (s.notConfigured || s.unavailable)) {
          out.push({
            message: `${h.spec.name} was not rendered: ${s.reason}.`,
            app: h.spec.name,
            refs: [],
          });
        }
      }
      if (
        h.render.incomplete &&
        !h.render.sources.some((s) => s.status === "skipped" && (s.notConfigured || s.unavailable)) &&
        (!b || specChanged(b.spec, h.spec))
      ) {
        out.push({
          message: `${h.spec.name} changed but could not be fully rendered: ${h.render.incomplete}.`,
          app: h.spec.name,
          refs: [],
        });
      }
      const unchangedFailure =
        b !== undefined &&
        !specChanged(b.spec, h.spec) &&
        b.render.error === h.render.error &&
        !inputsChanged(b, h, changedFiles);
      if (h.render.error && unchangedFailure) {
        // Spec and inputs unchanged, failing the same way on base: nothing this change does
        // (argo-cd:controller/state.go (CompareAppState): the same ComparisonError either way).
      } else if (failsHereOnly(h.render)) {
        out.push({
          message: `${h.spec.name} could not be rendered here (${h.render.limitation ?? h.render.errorKind}), so what it would change is unknown: ${h.render.error}`,
          app: h.spec.name,
          refs: [],
        });
      } else if (h.render.error && (!b || b.render.error || b.render.incomplete)) {
        out.push({
          message: `${h.spec.name} does not render on head${b?.render.error ? " (nor on base)" : ""}, so what it would change is unknown: ${h.render.error}`,
          app: h.spec.name,
          refs: [],
        });
      }
      if (b && b.render.error && !h.render.error) {
        out.push({
          message: `${h.spec.name} did not render on base, so what head removes from it is unknown: ${b.render.error}`,
          app: h.spec.name,
          refs: [],
        });
      }
    }
    for (const [key, hs] of head.appSets) {
      if (hs.result.ok) continue;
      const bs = base.appSets.get(key);
      const message =
        hs.result.reason === "cannot-evaluate"
          ? `ApplicationSet ${hs.spec.name} cannot be evaluated offline (${hs.result.message}); the Applications it generates were not analysed.`
          : `ApplicationSet ${hs.spec.name} fails to generate on head (${hs.result.message}); Argo CD stops reconciling it, so it neither creates nor deletes Applications.`;
      const unchanged =
        bs &&
        !bs.result.ok &&
        bs.result.message === hs.result.message &&
        JSON.stringify(bs.spec.manifest) === JSON.stringify(hs.spec.manifest);
      // Live-data generators: an unchanged ApplicationSet whose apps cannot read this repository
      // is out of this change's reach.
      if (unchanged && hs.result.reason === "cannot-evaluate" && hs.readsThisRepo === false) continue;
      // Evaluated on base, not on head: Argo CD evaluates it and deletes the Applications it no
      // longer generates (argo-cd:applicationset/controllers/applicationset_controller.go
      // (Reconcile, deleteInCluster)); which ones is unknown here, so nothing may pass on it.
      const generatedOnBase = hs.result.reason === "cannot-evaluate" && bs?.result.ok === true ? bs.generated : [];
      out.push({
        ...(unchanged && hs.result.reason === "error" ? { severity: "info" as const } : {}),
        ...(generatedOnBase.length > 0 ? { severity: "block" as const } : {}),
        message:
          generatedOnBase.length > 0
            ? `${message} On base it generates ${generatedOnBase.length} Application${generatedOnBase.length === 1 ? "" : "s"}; which of them Argo CD would delete is unknown.`
            : message,
        refs: [],
      });
    }
    for (const e of head.parseErrors) {
      if (base.parseErrors.some((x) => x.file === e.file && x.message === e.message)) continue;
      out.push({ message: `${e.file} could not be parsed: ${e.message}`, refs: [] });
    }
    return out;
  },
});

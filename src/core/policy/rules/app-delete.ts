import { hasCascadeFinalizer } from "../../deletions/compute-deletions.js";
import { appKey, isApplicationRef, refKey } from "../../refs.js";
import { defineRule, type RuleDraft } from "./rule.js";
import { describeCause } from "./describe-cause.js";

/** An Application goes: with a resources finalizer Argo CD deletes what it manages
 *  (argo-cd:controller/appcontroller.go (finalizeApplicationDeletion)); without, its resources stay. */
export const appDelete = defineRule({
  id: "app-delete",
  defaultSeverity: "warn",
  description: "an Application would be deleted, and its resources with it",
  evaluate: ({ base, facts }) => {
    const out: RuleDraft[] = [];
    const deletedKeys = new Set(facts.deletions.map((d) => refKey(d.ref)));
    for (const d of facts.deletions) {
      if (!isApplicationRef(d.ref)) continue;
      const app = base.apps.get(appKey(d.ref.namespace, d.ref.name));
      const own = app?.desired ? [...app.desired.resources.keys()] : [];
      const gone = own.filter((k) => deletedKeys.has(k)).length;
      let tail: string;
      if (app && !app.desired)
        tail = `; it did not render on base, so which resources ${hasCascadeFinalizer(app.spec) ? "its resources finalizer deletes" : "it leaves behind"} is unknown`;
      else if (app && hasCascadeFinalizer(app.spec))
        tail = `; its resources finalizer deletes what it manages (${gone} of its ${own.length} resources are deleted)`;
      else if (gone > 0)
        tail = `; it has no resources finalizer, but ${gone} of its ${own.length} resources are deleted anyway (see above)`;
      else tail = "; it has no resources finalizer, so its resources stay (orphaned)";
      const why =
        d.trigger === "appset-reconcile" && !d.via ? "its ApplicationSet no longer generates it" : describeCause(d);
      out.push({
        message: `Application ${d.ref.name} would be deleted (${why})${tail}.`,
        app: d.ref.name,
        refs: [d.ref],
      });
    }
    for (const u of facts.unmanagedRemovals) {
      const what = u.apps ? `ApplicationSet ${u.app}` : `Application ${u.app}`;
      const consequence = u.apps
        ? u.apps.length > 0
          ? `if it is deleted, Kubernetes deletes its ${u.apps.length} Application${u.apps.length === 1 ? "" : "s"} (${u.apps.join(", ")})${u.wouldCascade > 0 ? ` and their resources finalizers delete ${u.wouldCascade} resources` : ""}`
          : "if it is deleted, its Applications stay (its policy does not delete them)"
        : u.wouldCascade > 0
          ? `if it is deleted, its resources finalizer deletes ${u.wouldCascade} resources`
          : "if it is deleted, its resources stay (no resources finalizer)";
      out.push({
        message: `${what} is removed from ${u.file}, which no Argo CD application manages: Argo CD does not delete it by itself, and the objects it manages stay as they are until someone deletes it; ${consequence}.`,
        app: u.app,
        refs: [u.ref],
      });
    }
    return out;
  },
});

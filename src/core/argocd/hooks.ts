// Hooks: never pruned, never part of the normal desired set.
// argo-cd:gitops-engine/pkg/sync/hook/hook.go (IsHook, Types), .../hook/helm/type.go, .../ignore/ignore.go
import type { Manifest } from "../model.js";
import { ANNOTATION_HELM_HOOK, ANNOTATION_HOOK } from "./constants.js";
import { annotationsOf } from "./manifest.js";

const ARGO_HOOK_TYPES = new Set(["PreSync", "Sync", "PostSync", "SyncFail", "Skip", "PreDelete", "PostDelete"]);
/** Helm hook values Argo CD maps to sync phases; crd-install is not a hook at all. */
const HELM_MAPPED = new Set([
  "pre-install",
  "pre-upgrade",
  "post-install",
  "post-upgrade",
  "pre-delete",
  "post-delete",
]);

export type HookKind =
  /** a normal resource */
  | "none"
  /** a sync-phase or delete-phase hook: not pruned, not in the desired set */
  | "hook"
  /** a helm hook of a type Argo CD does not map (e.g. test): dropped entirely */
  | "ignored";

export function hookKindOf(obj: Manifest): HookKind {
  const ann = annotationsOf(obj);
  const argo = ann[ANNOTATION_HOOK];
  if (argo !== undefined) {
    // Any Argo hook annotation disables helm hook mapping. Skip-only means neither applied nor pruned.
    const types = argo
      .split(",")
      .map((t) => t.trim())
      .filter((t) => ARGO_HOOK_TYPES.has(t));
    return types.length > 0 ? "hook" : "ignored";
  }
  const helm = ann[ANNOTATION_HELM_HOOK];
  if (helm !== undefined) {
    const types = helm
      .split(",")
      .map((t) => t.trim())
      .filter((t) => t !== "" && t !== "crd-install");
    if (types.length === 0) return "none";
    return types.some((t) => HELM_MAPPED.has(t)) ? "hook" : "ignored";
  }
  return "none";
}

// Whether Argo CD will consider a live object (stamped from a desired manifest) as owned by
// the app, and so prunable. argo-cd:util/argo/resource_tracking.go, reposerver GenerateManifests
// (CRDs are never stamped), controller/state.go (normalizeClusterScopeTracking / NormalizeTargetObjects).
import type { Config } from "../../config/config.js";
import type { Manifest } from "../model.js";
import { ANNOTATION_TRACKING_ID, CRD_GROUP, CRD_KIND } from "./constants.js";
import { annotationsOf, hasOwnerReferences, labelsOf, namespaceOf } from "./manifest.js";

export type TrackingVerdict = { tracked: true } | { tracked: false; why: string };

export function trackingOf(params: { obj: Manifest; instanceName: string; config: Config }): TrackingVerdict {
  const { obj, instanceName, config } = params;
  if (hasOwnerReferences(obj)) {
    return { tracked: false, why: "it has ownerReferences, so Argo CD never prunes it (Kubernetes GC owns it)" };
  }
  const isCrd =
    obj.kind === CRD_KIND && typeof obj.apiVersion === "string" && obj.apiVersion.startsWith(`${CRD_GROUP}/`);
  if (!isCrd) return { tracked: true };
  const method = config.argocd.trackingMethod;
  // A CRD manifest that sets metadata.namespace gets re-stamped by the controller when it clears it.
  if (namespaceOf(obj) !== "") return { tracked: true };
  const trackingId = annotationsOf(obj)[ANNOTATION_TRACKING_ID];
  if (method !== "label" && trackingId !== undefined && trackingId.split(":")[0] === instanceName)
    return { tracked: true };
  if (method === "label" && labelsOf(obj)[config.argocd.instanceLabelKey] === instanceName) return { tracked: true };
  return {
    tracked: false,
    why: "Argo CD does not stamp tracking on CustomResourceDefinitions, so it does not prune them when they leave Git",
  };
}

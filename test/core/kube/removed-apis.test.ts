import { describe, expect, it } from "@jest/globals";
import { parseKubeVersion, raisedKubeVersion, removedApi } from "../../../src/core/kube/removed-apis.js";

describe("removed APIs (Kubernetes deprecated API migration guide)", () => {
  it.each([
    ["policy/v1beta1", "PodDisruptionBudget", "1.25.0", "policy/v1"],
    ["policy/v1beta1", "PodDisruptionBudget", "1.24.9", undefined],
    ["batch/v1beta1", "CronJob", "v1.32", "batch/v1"],
    ["autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.26", "autoscaling/v2"],
    ["autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.25", undefined],
    ["flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema", "1.29.1", "flowcontrol.apiserver.k8s.io/v1"],
    ["extensions/v1beta1", "Ingress", "1.100.0", "networking.k8s.io/v1"],
    ["networking.k8s.io/v1", "Ingress", "1.32.0", undefined],
    ["policy/v1beta1", "PodSecurityPolicy", "1.25", ""],
    ["policy/v1beta1", "PodDisruptionBudget", "2.0", "policy/v1"],
  ])("%s %s on %s -> %j", (apiVersion, kind, kubeVersion, replacement) => {
    expect(removedApi({ apiVersion, kind, kubeVersion })?.replacement).toBe(replacement);
  });

  it("versions compare as integers, not strings", () => {
    expect(parseKubeVersion("1.9.0")).toEqual([1, 9]);
    expect(removedApi({ apiVersion: "batch/v1beta1", kind: "CronJob", kubeVersion: "1.9" })).toBeUndefined();
  });

  it.each([
    ["1.24.0", "1.25.0", "1.25.0"],
    ["1.24.0", "1.24.5", undefined],
    ["1.29", "1.28", undefined],
    ["1.9", "1.10", "1.10"],
    ["1.24", undefined, undefined],
    ["1.24", "latest", undefined],
  ])("head's kubeVersion counts only when higher: base %s, head %s -> %s", (base, head, out) => {
    expect(raisedKubeVersion(base, head)).toBe(out);
  });
});

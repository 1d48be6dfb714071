import type { Config } from "./config.js";

/** Built-in defaults (INTERFACE.md section 2). */
export const DEFAULT_CONFIG: Config = {
  argocdNamespace: "argocd",
  protectedNamespaces: ["argocd", "kube-system", "kube-public", "kube-node-lease"],
  repoServerNamespace: "argocd",
  argocd: {
    version: "3.1",
    trackingMethod: "annotation",
    instanceLabelKey: "app.kubernetes.io/instance",
    applicationSetPolicy: "sync",
    applicationSetPolicyOverride: true,
    kustomizeBuildOptions: "",
    newGitFileGlobbing: false,
  },
  kubeVersion: "1.32.0",
  apiVersions: [],
  repoURLs: [],
  clusters: [
    { name: "in-cluster", server: "https://kubernetes.default.svc", labels: {}, annotations: {}, project: "" },
  ],
  plugins: [],
  policy: { maxDeletions: 25, rules: {} },
  network: { offline: false, allow: [] },
  render: { timeoutSeconds: 120, maxOutputBytes: 64 * 1024 * 1024, memoryMiB: 2048, concurrency: 0 },
};

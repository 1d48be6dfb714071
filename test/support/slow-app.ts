// An Application rendered by the `slow` plugin (its command sleeps): an analysis that is still
// running when a test aborts it, drains the app or kills its process.
import { REPO_URL } from "../scenario/scenario-repo.js";

export const SLOW_APP = [
  "apiVersion: argoproj.io/v1alpha1",
  "kind: Application",
  "metadata: { name: slow, namespace: argocd }",
  "spec:",
  "  project: default",
  `  source: { repoURL: "${REPO_URL}", path: apps/slow, plugin: { name: slow } }`,
  "  destination: { server: https://kubernetes.default.svc, namespace: slow }",
  "",
].join("\n");

// The clusters generator (argo-cd:applicationset/generators/cluster.go). config.clusters stands for
// the Argo CD cluster secrets: each carries the `argocd.argoproj.io/secret-type: cluster` label the
// generator itself selects on. The local cluster is added last, and only when no secret has the
// in-cluster server and the selector is empty ("local clusters do not have secrets, they do not have
// labels to match against").
//
// One exception: the built-in default entry (in-cluster, https://kubernetes.default.svc, no labels,
// no annotations, no project) describes a stock installation, where the local cluster has no
// secret; it is treated as that implicit cluster, so a selector drops it as Argo CD would. Give the
// entry a label to make it a secret.
import type { ResolvedCluster } from "../../../config/config.js";
import { IN_CLUSTER_NAME, IN_CLUSTER_SERVER } from "../../argocd/constants.js";
import { isEmptySelector, matchLabelSelector, toLabelSelector } from "../match-label-selector.js";
import { sanitizeName } from "../sanitize-name.js";
import { appendTemplatedValues } from "./append-templated-values.js";
import { AppSetError, type GeneratorContext, type ParamSet } from "./generator-context.js";

/** argo-cd:common/common.go LabelKeySecretType / LabelValueSecretTypeCluster */
const SECRET_TYPE_LABEL = "argocd.argoproj.io/secret-type";
const SECRET_TYPE_CLUSTER = "cluster";

export function generateClusterParams(params: { spec: Record<string, unknown>; ctx: GeneratorContext }): ParamSet[] {
  const { spec, ctx } = params;
  let selector;
  try {
    selector = toLabelSelector(spec.selector);
  } catch (e) {
    throw new AppSetError(`error converting label selector: ${(e as Error).message}`);
  }
  const ignoreLocal = !isEmptySelector(selector);
  // Secrets are keyed by cluster name: a later secret with the same name replaces the earlier one.
  const byName = new Map<string, ResolvedCluster & { secretLabels: Record<string, string> }>();
  for (const c of ctx.config.clusters) {
    if (isImplicitLocalCluster(c)) continue;
    const secretLabels = { ...c.labels, [SECRET_TYPE_LABEL]: SECRET_TYPE_CLUSTER };
    if (selector && !matchLabelSelector({ selector, labels: secretLabels })) continue;
    byName.set(c.name, { ...c, secretLabels });
  }
  const out: ParamSet[] = [];
  for (const c of byName.values()) {
    const p: ParamSet = {
      name: c.name,
      nameNormalized: sanitizeName(c.name),
      server: c.server,
      project: c.project ?? "",
    };
    if (ctx.mode.goTemplate) {
      const meta: ParamSet = {};
      if (Object.keys(c.annotations).length > 0) meta.annotations = { ...c.annotations };
      meta.labels = { ...c.secretLabels };
      p.metadata = meta;
    } else {
      for (const [k, v] of Object.entries(c.annotations)) p[`metadata.annotations.${k}`] = v;
      for (const [k, v] of Object.entries(c.secretLabels)) p[`metadata.labels.${k}`] = v;
    }
    appendTemplatedValues({ values: spec.values, into: p, mode: ctx.mode });
    out.push(p);
  }
  const hasInClusterSecret = [...byName.values()].some((c) => c.server === IN_CLUSTER_SERVER);
  if (!ignoreLocal && !hasInClusterSecret) {
    const p: ParamSet = {
      name: IN_CLUSTER_NAME,
      nameNormalized: IN_CLUSTER_NAME,
      server: IN_CLUSTER_SERVER,
      project: "",
    };
    appendTemplatedValues({ values: spec.values, into: p, mode: ctx.mode });
    out.push(p);
  }
  if (spec.flatList === true) return [{ clusters: out }];
  return out;
}

function isImplicitLocalCluster(c: ResolvedCluster): boolean {
  return (
    c.name === IN_CLUSTER_NAME &&
    c.server === IN_CLUSTER_SERVER &&
    Object.keys(c.labels).length === 0 &&
    Object.keys(c.annotations).length === 0 &&
    !c.project
  );
}

// A Kubernetes LabelSelector evaluated on a string map: matchLabels and matchExpressions with
// In, NotIn, Exists, DoesNotExist (k8s.io/apimachinery LabelSelectorAsSelector; Argo CD's copy in
// argo-cd:applicationset/utils/selector.go drops the label-value syntax checks). NotIn and
// DoesNotExist match when the key is absent.
import { isRecord } from "../argocd/manifest.js";

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export function isEmptySelector(sel: LabelSelector | undefined): boolean {
  return !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0);
}

/** Reads a selector from users' YAML; throws on an unknown operator as LabelSelectorAsSelector does. */
export function toLabelSelector(raw: unknown): LabelSelector | undefined {
  if (!isRecord(raw)) return undefined;
  const matchLabels: Record<string, string> = {};
  if (isRecord(raw.matchLabels))
    for (const [k, v] of Object.entries(raw.matchLabels))
      matchLabels[k] = v === null || v === undefined ? "" : String(v);
  const matchExpressions: NonNullable<LabelSelector["matchExpressions"]> = [];
  if (Array.isArray(raw.matchExpressions)) {
    for (const e of raw.matchExpressions) {
      if (!isRecord(e)) continue;
      const operator = String(e.operator ?? "");
      if (!["In", "NotIn", "Exists", "DoesNotExist"].includes(operator))
        throw new Error(`${JSON.stringify(operator)} is not a valid label selector operator`);
      const values = Array.isArray(e.values) ? e.values.map((x) => String(x)) : [];
      if ((operator === "In" || operator === "NotIn") && values.length === 0)
        throw new Error(`values: Required value: for 'in', 'notin' operators, values set can't be empty`);
      if ((operator === "Exists" || operator === "DoesNotExist") && values.length > 0)
        throw new Error(`values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`);
      matchExpressions.push({ key: String(e.key ?? ""), operator, values });
    }
  }
  return { matchLabels, matchExpressions };
}

export function matchLabelSelector(params: { selector: LabelSelector; labels: Record<string, string> }): boolean {
  const { selector, labels } = params;
  const has = (k: string) => Object.prototype.hasOwnProperty.call(labels, k);
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (!has(k) || labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const vals = e.values ?? [];
    switch (e.operator) {
      case "In":
        if (!has(e.key) || !vals.includes(labels[e.key]!)) return false;
        break;
      case "NotIn":
        if (has(e.key) && vals.includes(labels[e.key]!)) return false;
        break;
      case "Exists":
        if (!has(e.key)) return false;
        break;
      case "DoesNotExist":
        if (has(e.key)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

// Rules (INTERFACE.md section 3) -> findings: every rule of the registry, at its configured severity.
import type { Finding } from "../model.js";
import { sortRefs } from "../refs.js";
import { RULES } from "./rules/registry.js";
import type { FindingInputs } from "./rules/rule.js";

export function computeFindings(inputs: FindingInputs): Finding[] {
  const out: Finding[] = [];
  for (const rule of RULES) {
    const configured = inputs.config.policy.rules[rule.id];
    if (configured === "off") continue;
    for (const d of rule.evaluate(inputs)) {
      out.push({
        rule: rule.id,
        severity: configured ?? d.severity ?? rule.defaultSeverity,
        message: d.message,
        ...(d.app !== undefined ? { app: d.app } : {}),
        refs: sortRefs(d.refs),
        ...(d.remedy !== undefined ? { remedy: d.remedy } : {}),
      });
    }
  }
  return out;
}

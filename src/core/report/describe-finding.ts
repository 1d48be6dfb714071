import type { Finding, Ref, Severity } from "../model.js";
import { formatRef } from "../refs.js";
import { FINDING_REFS_MAX } from "./budgets.js";
import { codeSpan, escapeText } from "./markdown.js";

// One finding, one markdown line, shared by the comment and the check run text.

export const SEVERITY_ICONS: Record<Severity, string> = { block: "🛑", warn: "⚠️", info: "ℹ️" };

/** "🛑 **block** `rule` · app `x`: message (`Ref`, …)"; refs the message already names are not repeated. */
export function describeFinding(f: Finding): string {
  const app = f.app ? ` · app ${codeSpan(f.app)}` : "";
  const extra = f.refs.filter((r) => !namedIn({ ref: r, message: f.message }));
  return `${SEVERITY_ICONS[f.severity] ?? ""} **${f.severity}** ${codeSpan(f.rule)}${app}: ${escapeText(f.message)}${refList(extra)}`;
}

/** The message already says "Namespace argocd" or "argocd/previews": repeating the ref is noise. */
function namedIn(params: { ref: Ref; message: string }): boolean {
  const { ref, message } = params;
  return (
    message.includes(formatRef(ref)) ||
    message.includes(`${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`)
  );
}

function refList(refs: Ref[]): string {
  if (refs.length === 0) return "";
  const shown = refs.slice(0, FINDING_REFS_MAX).map((r) => codeSpan(formatRef(r)));
  const more = refs.length - shown.length;
  return ` (${shown.join(", ")}${more ? ` and ${more} more` : ""})`;
}

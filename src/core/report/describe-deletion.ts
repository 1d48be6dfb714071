import type { Deletion, DeletionCause, DeletionTrigger, Ref } from "../model.js";
import { formatRef } from "../refs.js";
import { codeSpan, escapeText } from "./markdown.js";

// The Argo CD mechanism behind a deletion, in a reviewer's words. Output is
// markdown (names in code spans) and is shared by the comment and the check run.

/** What makes Argo CD act: the deletion happens on this event, not at merge time. */
export const TRIGGER_PHRASES: Record<DeletionTrigger, string> = {
  "auto-sync": "on auto-sync",
  "manual-sync": "on the next manual sync",
  "app-deletion": "when the Application is deleted",
  "appset-reconcile": "when the ApplicationSet reconciles",
};

/** The mechanism without the resource: "pruned by app `tenant-b` on auto-sync".
 *  `appOrigin` ("ApplicationSet/tenants") follows the app's name when given. */
export function describeMechanism(d: Deletion, appOrigin?: string): string {
  const app = `app ${codeSpan(d.app)}${appOrigin ? ` (${escapeText(appOrigin)})` : ""}`;
  const when = TRIGGER_PHRASES[d.trigger] ?? escapeText(d.trigger);
  const base = mechanismByCause({ cause: d.cause, app, when, via: d.via });
  const text = d.reason ? `${base}: ${escapeText(d.reason)}` : base;
  return `${text}${recreationNote(d)}`;
}

/** What a re-creation costs, and by whom, unless the reason already tells the move: a move's
 *  reason names the apps it moves to and the sync order the deletion depends on (trap 19), more
 *  precisely than "then created again", so only the cost is added. */
function recreationNote(d: Deletion): string {
  if (!d.recreatedBy) return "";
  if (d.moved && d.reason) return " (downtime, new volumes)";
  return ` (then created again by ${codeSpan(d.recreatedBy)}: downtime, new volumes)`;
}

/** Marks what lies in, or is, a protected namespace. */
export const PROTECTED_MARK = "🛡️";

/** One full line: the protection mark, the resource (and its cluster, when asked), then how it goes. */
export function describeDeletion(d: Deletion, opts: { cluster?: boolean } = {}): string {
  return `${d.protected ? `${PROTECTED_MARK} ` : ""}${codeSpan(formatRef(d.ref))}${opts.cluster ? onCluster(d.cluster) : ""} ${describeMechanism(d)}`;
}

/** " on cluster `https://prod-eu.example.com`", for reports whose deletions span several clusters. */
export function onCluster(cluster: string | undefined): string {
  return cluster ? ` on cluster ${codeSpan(cluster)}` : "";
}

function mechanismByCause(params: { cause: DeletionCause; app: string; when: string; via: Ref | undefined }): string {
  const { cause, app, when, via } = params;
  switch (cause) {
    case "pruned":
      return `pruned by ${app} ${when}`;
    case "app-deleted":
      return via ? `deleted with ${codeSpan(formatRef(via))} (${app}, ${when})` : `deleted with ${app} ${when}`;
    case "namespace-deleted":
      return `deleted with ${via ? codeSpan(formatRef(via)) : "its Namespace"} (${app}, ${when})`;
    case "crd-deleted":
      return `deleted with ${via ? codeSpan(formatRef(via)) : "its CustomResourceDefinition"} (${app}, ${when})`;
    case "owner-deleted":
      return `garbage-collected with ${via ? codeSpan(formatRef(via)) : "its owner"} (${app}, ${when})`;
    case "replaced":
      return `deleted and created again by ${app} ${when}`;
    default:
      // A cause added to the model later still renders, verbatim.
      return `${escapeText(String(cause))} (${app}, ${when})`;
  }
}

// Where render errors enter the report: every message of both sides is scrubbed of every Secret
// value either side rendered (a head that fails with a value base renders in a Secret included).
import type { AppRender, AppSetResult, SecretNeedle, SourceRender } from "../model.js";
import type { SideState } from "../side-state.js";
import { scrubSecrets, secretValuesOf } from "./scrub-secrets.js";
import { scrubByNeedles, type SecretDigester } from "./mask-secrets.js";

/** `digester`: the key the renders' Secret values were masked with (their `secretNeedles`); without
 *  it only values still in clear (renders that did not pass the masking boundary) are scrubbed. */
export function scrubSides(
  base: SideState,
  head: SideState,
  digester?: SecretDigester,
): { base: SideState; head: SideState } {
  const values = new Set<string>();
  const needles = new Map<string, SecretNeedle>();
  for (const s of [base, head])
    for (const a of s.apps.values()) {
      for (const v of secretValuesOf(a.render.manifests)) values.add(v);
      if (digester) for (const n of a.render.secretNeedles ?? []) needles.set(`${n.length}:${n.digest}`, n);
    }
  if (values.size === 0 && needles.size === 0) return { base, head };
  const list = [...needles.values()];
  // Many apps repeat one warning: each distinct text is scrubbed once.
  const done = new Map<string, string>();
  const scrub = (t: string): string => {
    let out = done.get(t);
    if (out === undefined) {
      out = scrubSecrets(t, values);
      if (digester) out = scrubByNeedles(out, list, digester);
      done.set(t, out);
    }
    return out;
  };
  return { base: scrubSide(base, scrub), head: scrubSide(head, scrub) };
}

function scrubSide(s: SideState, scrub: (t: string) => string): SideState {
  const apps = new Map([...s.apps].map(([k, a]) => [k, { ...a, render: scrubRender(a.render, scrub) }]));
  const appSets = new Map([...s.appSets].map(([k, a]) => [k, { ...a, result: scrubResult(a.result, scrub) }]));
  const parseErrors = s.parseErrors.map((e) => ({ file: e.file, message: scrub(e.message) }));
  return { ...s, apps, appSets, parseErrors };
}

/** The render with every message passed through `scrub`. */
export function scrubRender(r: AppRender, scrub: (t: string) => string): AppRender {
  return {
    ...r,
    sources: r.sources.map((src): SourceRender => {
      if (src.status === "error") return { ...src, message: scrub(src.message) };
      if (src.status === "skipped") return { ...src, reason: scrub(src.reason) };
      return src.warnings ? { ...src, warnings: src.warnings.map(scrub) } : src;
    }),
    ...(r.error !== undefined ? { error: scrub(r.error) } : {}),
    ...(r.limitation !== undefined ? { limitation: scrub(r.limitation) } : {}),
    ...(r.incomplete !== undefined ? { incomplete: scrub(r.incomplete) } : {}),
  };
}

function scrubResult(r: AppSetResult, scrub: (t: string) => string): AppSetResult {
  return r.ok ? r : { ...r, message: scrub(r.message) };
}

// encoding/json Marshal as Sprig's toJson uses it: map keys sorted, <, >, & escaped as \u003c...
// (HTML-safe by default), float64 in the shortest form (exponent below 1e-6 or from 1e21).
import { GoTemplateError, isGoMap, type GoValue } from "./go-value.js";

export function goJsonMarshal(v: GoValue, opts: { escapeHtml?: boolean; indent?: string } = {}): string {
  const escapeHtml = opts.escapeHtml ?? true;
  const indent = opts.indent ?? "";
  const enc = (x: GoValue, depth: number): string => {
    const nl = indent ? `\n${indent.repeat(depth + 1)}` : "";
    const close = indent ? `\n${indent.repeat(depth)}` : "";
    const sep = indent ? ": " : ":";
    if (x === undefined || x === null) return "null";
    if (typeof x === "string") return encString(x, escapeHtml);
    if (typeof x === "boolean") return String(x);
    if (typeof x === "bigint") return x.toString();
    if (typeof x === "number") {
      if (!Number.isFinite(x)) throw new GoTemplateError(`json: unsupported value: ${x}`);
      return JSON.stringify(x).replace(/e([+-])0*(\d)/, "e$1$2");
    }
    if (Array.isArray(x))
      return x.length === 0 ? "[]" : `[${nl}${x.map((e) => enc(e, depth + 1)).join(`,${nl}`)}${close}]`;
    if (isGoMap(x)) {
      const keys = Object.keys(x).sort();
      if (keys.length === 0) return "{}";
      return `{${nl}${keys.map((k) => `${encString(k, escapeHtml)}${sep}${enc(x[k], depth + 1)}`).join(`,${nl}`)}${close}}`;
    }
    return "null";
  };
  return enc(v, 0);
}

function encString(s: string, escapeHtml: boolean): string {
  let out = JSON.stringify(s);
  // Go escapes U+2028/2029 always and <, >, & unless SetEscapeHTML(false).
  out = out.replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
  if (escapeHtml) out = out.replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
  return out;
}

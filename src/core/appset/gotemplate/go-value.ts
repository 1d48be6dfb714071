// How Go values of an ApplicationSet's parameters are represented here.
//
// Argo CD hands text/template a map[string]any decoded from JSON/YAML, so numbers are float64,
// while template literals and Sprig arithmetic produce int/int64. Go's `eq` refuses to compare
// an int with a float64, and fmt prints them differently, so the two must stay distinct:
//   undefined -> an invalid reflect.Value (a missing map key), printed `<no value>`
//   null      -> a nil interface (JSON null)
//   number    -> float64
//   bigint    -> int / int64
//   string, boolean, any[] ([]any), plain object (map[string]any)

export type GoValue = undefined | null | string | boolean | number | bigint | GoValue[] | GoMap;
export interface GoMap {
  [key: string]: GoValue;
}

/** A template execution error (text/template's ExecError). */
export class GoTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GoTemplateError";
  }
}

export function isGoMap(v: unknown): v is GoMap {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The Go type name used in error messages and Sprig's kindOf/typeOf. */
export function goTypeName(v: GoValue): string {
  if (v === undefined || v === null) return "<nil>";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "float64";
  if (typeof v === "bigint") return "int";
  if (Array.isArray(v)) return "[]interface {}";
  return "map[string]interface {}";
}

/** reflect.Kind name as Sprig's kindOf reports it. */
export function goKindName(v: GoValue): string {
  if (v === undefined || v === null) return "invalid";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "float64";
  if (typeof v === "bigint") return "int";
  if (Array.isArray(v)) return "slice";
  return "map";
}

/** text/template's truth (exec.go isTrue): zero values are false. */
export function isTrue(v: GoValue): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === "string") return v.length > 0;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "bigint") return v !== 0n;
  if (Array.isArray(v)) return v.length > 0;
  return Object.keys(v).length > 0;
}

/** Go's %v of a float64: strconv 'g' with the shortest digits, where shortest 'g' switches to the
 *  exponent form when exp < -4 || exp >= 6 (strconv/ftoa.go: "if shortest { eprec = 6 }"); hence the
 *  well-known `1.234567e+06` for JSON numbers in Helm and ApplicationSet templates. */
export function formatGoFloat(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (f === Infinity) return "+Inf";
  if (f === -Infinity) return "-Inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  const [mant, expStr] = f.toExponential().split("e") as [string, string];
  const exp = Number(expStr);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? "-" : "+";
    const abs = Math.abs(exp);
    return `${mant}e${sign}${abs < 10 ? "0" : ""}${abs}`;
  }
  // Plain decimal of the shortest digits.
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  let out: string;
  if (exp >= 0) {
    out =
      digits.length <= exp + 1
        ? digits + "0".repeat(exp + 1 - digits.length)
        : `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  } else {
    out = `0.${"0".repeat(-exp - 1)}${digits}`;
  }
  return neg ? `-${out}` : out;
}

/** fmt.Sprint / %v of a value nested in a container or passed to fmt. */
export function formatGoValue(v: GoValue): string {
  if (v === undefined || v === null) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return formatGoFloat(v);
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) return `[${v.map(formatGoValue).join(" ")}]`;
  const keys = Object.keys(v).sort();
  return `map[${keys.map((k) => `${k}:${formatGoValue(v[k])}`).join(" ")}]`;
}

/** How text/template prints the result of an action (exec.go printValue). */
export function printTemplateValue(v: GoValue): string {
  if (v === undefined || v === null) return "<no value>";
  return formatGoValue(v);
}

/** Converts parsed YAML/JSON (JS numbers) to Go values: JSON decoding gives float64 everywhere. */
export function toGoValue(v: unknown): GoValue {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v === "string" || typeof v === "boolean" || typeof v === "number" || typeof v === "bigint") return v;
  if (Array.isArray(v)) return v.map(toGoValue);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") {
    const out: GoMap = {};
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) out[k] = toGoValue(val);
    return out;
  }
  return String(v);
}

/** Back to plain JS for manifests: ints become numbers. */
export function fromGoValue(v: GoValue): unknown {
  if (v === undefined) return null;
  if (typeof v === "bigint") return Number(v);
  if (Array.isArray(v)) return v.map(fromGoValue);
  if (isGoMap(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) out[k] = fromGoValue(val);
    return out;
  }
  return v;
}

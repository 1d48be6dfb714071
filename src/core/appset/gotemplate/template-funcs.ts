// The functions an ApplicationSet goTemplate can call: text/template's builtins, Sprig's
// GenericFuncMap minus env/expandenv/getHostByName, plus Argo CD's normalize, slugify, toYaml,
// fromYaml, fromYamlArray (argo-cd:applicationset/utils/utils.go (init)). Argument types follow
// the Go signatures: a Go string parameter refuses a number, an int parameter refuses a float64
// from JSON, and missing values arrive as nil.
import { createHash } from "node:crypto";
import { parseGoYaml, stringifyGoYaml } from "../parse-go-yaml.js";
import { sanitizeName } from "../sanitize-name.js";
import { slugifyName } from "../slugify-name.js";
import { goJsonMarshal } from "./go-json.js";
import { goQuote, goSprint, goSprintf, goSprintln } from "./go-sprintf.js";
import { parseSemver, semverCompare } from "./semver-compare.js";
import {
  formatGoValue,
  goKindName,
  goTypeName,
  GoTemplateError,
  isGoMap,
  isTrue,
  toGoValue,
  type GoMap,
  type GoValue,
} from "./go-value.js";
import { MAX_TEMPLATE_OUTPUT, NotModelledError, TemplateBoundError, type TemplateFunc } from "./exec-template.js";

/** The longest list a function may build (`until`): the template's step bound could not walk more. */
const MAX_LIST_LENGTH = 1_000_000;

// ---------------------------------------------------------------------------------------------
// Argument conversion, as reflect would do when calling a Go function.

function str(v: GoValue, fn: string): string {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) throw new GoTemplateError(`invalid value; expected string`);
  throw new GoTemplateError(`wrong type for value; expected string; got ${goTypeName(v)} (${fn})`);
}

function int(v: GoValue): number {
  if (typeof v === "bigint") return Number(v);
  if (v === null || v === undefined) throw new GoTemplateError(`invalid value; expected int`);
  throw new GoTemplateError(`wrong type for value; expected int; got ${goTypeName(v)}`);
}

function bool(v: GoValue): boolean {
  if (typeof v === "boolean") return v;
  if (v === null || v === undefined) throw new GoTemplateError(`invalid value; expected bool`);
  throw new GoTemplateError(`wrong type for value; expected bool; got ${goTypeName(v)}`);
}

function map(v: GoValue): GoMap {
  if (v === null || v === undefined) return {};
  if (isGoMap(v)) return v;
  throw new GoTemplateError(`wrong type for value; expected map[string]interface {}; got ${goTypeName(v)}`);
}

/** Sprig strval: strings as is, everything else through fmt's %v. */
function strval(v: GoValue): string {
  return typeof v === "string" ? v : formatGoValue(v);
}

/** Sprig strslice: a list's non-nil elements as strings; a scalar becomes a one-element list. */
function strslice(v: GoValue): string[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.filter((e) => e !== null && e !== undefined).map(strval);
  return [strval(v)];
}

/** spf13/cast ToInt64E, errors swallowed to 0 as Sprig's non-must functions do. */
function toInt64(v: GoValue): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") return Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
  if (typeof v === "boolean") return v ? 1n : 0n;
  if (typeof v === "string") {
    let s = v.trim();
    // cast trims a zero decimal part ("5.0" -> "5") before parsing with base prefix detection.
    s = s.replace(/\.0*$/, "");
    if (/^[+-]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[1-9][0-9]*|0)$/.test(s)) {
      const neg = s.startsWith("-");
      let body = s.replace(/^[+-]/, "");
      if (/^0[0-7]+$/.test(body)) body = `0o${body.slice(1)}`;
      try {
        const n = BigInt(body);
        return neg ? -n : n;
      } catch {
        return 0n;
      }
    }
    return 0n;
  }
  return 0n;
}

function toFloat64(v: GoValue): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") {
    const n = Number(v.trim());
    return v.trim() !== "" && Number.isFinite(n) ? n : 0;
  }
  return 0;
}

function list(v: GoValue, fn: string): GoValue[] {
  if (Array.isArray(v)) return v;
  throw new GoTemplateError(`Cannot ${fn} on type ${goTypeName(v)}`);
}

/** Go regexp syntax to a JS RegExp: (?P<name>…) groups and leading inline flags. */
function goRegExp(pattern: string, global = false): RegExp {
  let flags = global ? "g" : "";
  let p = pattern;
  const m = /^\(\?([imsU]+)\)/.exec(p);
  if (m) {
    for (const f of m[1]!) if ("ims".includes(f) && !flags.includes(f)) flags += f;
    p = p.slice(m[0].length);
  }
  p = p.replace(/\(\?P</g, "(?<");
  try {
    return new RegExp(p, `${flags}u`);
  } catch {
    try {
      return new RegExp(p, flags);
    } catch (e) {
      throw new GoTemplateError(`error parsing regexp: ${(e as Error).message}`);
    }
  }
}

/** regexp.Expand: $1, ${1}, $name, ${name}, $$; `$1x` names group "1x". */
function goExpand(template: string, match: RegExpExecArray): string {
  return template.replace(
    /\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g,
    (_all, tok: string, braced?: string, bare?: string) => {
      if (tok === "$") return "$";
      const name = braced ?? bare ?? "";
      if (/^\d+$/.test(name)) return match[Number(name)] ?? "";
      return match.groups?.[name] ?? "";
    },
  );
}

function eqValues(a: GoValue, b: GoValue): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka !== kb) {
    if (ka !== "invalid" && kb !== "invalid") throw new GoTemplateError("incompatible types for comparison");
    return false;
  }
  if (ka === "invalid") return true;
  if (ka === "composite") throw new GoTemplateError(`non-comparable type ${goTypeName(a)}`);
  return a === b;
}

function basicKind(v: GoValue): "invalid" | "bool" | "int" | "float" | "string" | "composite" {
  if (v === undefined || v === null) return "invalid";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "bigint") return "int";
  if (typeof v === "number") return "float";
  if (typeof v === "string") return "string";
  return "composite";
}

function lessThan(a: GoValue, b: GoValue): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka === "invalid" || kb === "invalid" || ka === "composite" || kb === "composite" || ka === "bool")
    throw new GoTemplateError("invalid type for comparison");
  if (ka !== kb) throw new GoTemplateError("incompatible types for comparison");
  return (a as string | number | bigint) < (b as string | number | bigint);
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

function indexValue(item: GoValue, idx: GoValue): GoValue {
  if (item === undefined || item === null) throw new GoTemplateError("index of untyped nil");
  if (Array.isArray(item) || typeof item === "string") {
    if (typeof idx !== "bigint") throw new GoTemplateError(`cannot index slice/array with type ${goTypeName(idx)}`);
    const i = Number(idx);
    const len = typeof item === "string" ? byteLength(item) : item.length;
    if (i < 0 || i >= len) throw new GoTemplateError(`index out of range: ${i}`);
    return typeof item === "string" ? BigInt(Buffer.from(item, "utf8")[i]!) : item[i];
  }
  if (isGoMap(item)) {
    if (typeof idx !== "string") throw new GoTemplateError(`value has type ${goTypeName(idx)}; should be string`);
    // A missing key gives the element type's zero value: a nil interface.
    return Object.prototype.hasOwnProperty.call(item, idx) ? item[idx] : null;
  }
  throw new GoTemplateError(`can't index item of type ${goTypeName(item)}`);
}

// ---------------------------------------------------------------------------------------------

const f = (call: (args: GoValue[]) => GoValue, raw = false): TemplateFunc => ({ call, raw });

function arity({ args, n, name }: { args: GoValue[]; n: number; name: string }): void {
  if (args.length !== n) throw new GoTemplateError(`wrong number of args for ${name}: want ${n} got ${args.length}`);
}

function defineFuncs(): Map<string, TemplateFunc> {
  const m = new Map<string, TemplateFunc>();
  const def = (name: string, impl: { n?: number; raw?: boolean; call: (a: GoValue[]) => GoValue }) =>
    m.set(
      name,
      f((a) => {
        if (impl.n !== undefined) arity({ args: a, n: impl.n, name });
        return impl.call(a);
      }, impl.raw),
    );

  // text/template builtins (text/template/funcs.go)
  def("not", { n: 1, raw: true, call: (a) => !isTrue(a[0]) });
  def("len", {
    n: 1,
    raw: true,
    call: (a) => {
      const v = a[0];
      if (typeof v === "string") return BigInt(byteLength(v));
      if (Array.isArray(v)) return BigInt(v.length);
      if (isGoMap(v)) return BigInt(Object.keys(v).length);
      if (v === undefined || v === null) throw new GoTemplateError("len of nil pointer");
      throw new GoTemplateError(`len of type ${goTypeName(v)}`);
    },
  });
  m.set(
    "index",
    f((a) => {
      if (a.length === 0) throw new GoTemplateError("wrong number of args for index: want at least 1 got 0");
      let v = a[0];
      for (const idx of a.slice(1)) v = indexValue(v, idx);
      return v;
    }, true),
  );
  m.set(
    "slice",
    f((a) => {
      const item = a[0];
      const idx = a.slice(1).map((x) => int(x ?? null));
      if (typeof item === "string") return item.slice(idx[0] ?? 0, idx[1] ?? item.length);
      if (Array.isArray(item)) return item.slice(idx[0] ?? 0, idx[1] ?? item.length);
      throw new GoTemplateError(`can't slice item of type ${goTypeName(item)}`);
    }, true),
  );
  m.set(
    "eq",
    f((a) => {
      if (a.length < 2) throw new GoTemplateError("missing argument for comparison");
      return a.slice(1).some((b) => eqValues(a[0], b));
    }, true),
  );
  def("ne", { n: 2, raw: true, call: (a) => !eqValues(a[0], a[1]) });
  def("lt", { n: 2, raw: true, call: (a) => lessThan(a[0], a[1]) });
  def("le", { n: 2, raw: true, call: (a) => lessThan(a[0], a[1]) || eqValues(a[0], a[1]) });
  def("gt", { n: 2, raw: true, call: (a) => !lessThan(a[0], a[1]) && !eqValues(a[0], a[1]) });
  def("ge", { n: 2, raw: true, call: (a) => !lessThan(a[0], a[1]) });
  m.set(
    "print",
    f((a) => goSprint(a)),
  );
  m.set(
    "println",
    f((a) => goSprintln(a)),
  );
  m.set(
    "printf",
    f((a) => goSprintf(str(a[0] ?? null, "printf"), a.slice(1))),
  );
  def("urlquery", { call: (a) => encodeURIComponent(goSprint(a)).replace(/%20/g, "+") });

  // Sprig strings
  def("lower", { n: 1, call: (a) => str(a[0], "lower").toLowerCase() });
  def("upper", { n: 1, call: (a) => str(a[0], "upper").toUpperCase() });
  def("title", {
    n: 1,
    call: (a) =>
      str(a[0], "title").replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_x, p: string, c: string) => p + c.toUpperCase()),
  });
  def("trim", { n: 1, call: (a) => str(a[0], "trim").trim() });
  def("trimAll", { n: 2, call: (a) => trimChars(str(a[1], "trimAll"), str(a[0], "trimAll")) });
  def("trimPrefix", {
    n: 2,
    call: (a) => {
      const s = str(a[1], "trimPrefix");
      const p = str(a[0], "trimPrefix");
      return s.startsWith(p) ? s.slice(p.length) : s;
    },
  });
  def("trimSuffix", {
    n: 2,
    call: (a) => {
      const s = str(a[1], "trimSuffix");
      const p = str(a[0], "trimSuffix");
      return p && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
    },
  });
  def("replace", { n: 3, call: (a) => str(a[2], "replace").split(str(a[0], "replace")).join(str(a[1], "replace")) });
  def("contains", { n: 2, call: (a) => str(a[1], "contains").includes(str(a[0], "contains")) });
  def("hasPrefix", { n: 2, call: (a) => str(a[1], "hasPrefix").startsWith(str(a[0], "hasPrefix")) });
  def("hasSuffix", { n: 2, call: (a) => str(a[1], "hasSuffix").endsWith(str(a[0], "hasSuffix")) });
  def("split", {
    n: 2,
    call: (a) => {
      const parts = goSplit(str(a[1], "split"), str(a[0], "split"));
      const out: GoMap = {};
      parts.forEach((p, i) => (out[`_${i}`] = p));
      return out;
    },
  });
  def("splitList", { n: 2, call: (a) => goSplit(str(a[1], "splitList"), str(a[0], "splitList")) });
  def("join", { n: 2, call: (a) => strslice(a[1]).join(str(a[0], "join")) });
  def("repeat", {
    n: 2,
    call: (a) => {
      const s = str(a[1], "repeat");
      const n = Math.max(0, int(a[0]));
      if (s.length * n > MAX_TEMPLATE_OUTPUT)
        throw new TemplateBoundError(`repeat of ${n} times ${s.length} characters is more than ${MAX_TEMPLATE_OUTPUT}`);
      return s.repeat(n);
    },
  });
  def("substr", {
    n: 3,
    call: (a) => {
      const s = str(a[2], "substr");
      let start = int(a[0]);
      let end = int(a[1]);
      if (start < 0) return s.slice(0, end);
      if (end < 0 || end > s.length) end = s.length;
      if (start > end) start = end;
      return s.slice(start, end);
    },
  });
  def("trunc", {
    n: 2,
    call: (a) => {
      const c = int(a[0]);
      const s = str(a[1], "trunc");
      if (c < 0 && s.length + c > 0) return s.slice(s.length + c);
      if (c >= 0 && s.length > c) return s.slice(0, c);
      return s;
    },
  });
  def("nospace", { n: 1, call: (a) => str(a[0], "nospace").replace(/\s+/gu, "") });
  def("indent", {
    n: 2,
    call: (a) => {
      const pad = " ".repeat(Math.max(0, int(a[0])));
      return pad + str(a[1], "indent").replace(/\n/g, `\n${pad}`);
    },
  });
  def("nindent", {
    n: 2,
    call: (a) => {
      const pad = " ".repeat(Math.max(0, int(a[0])));
      return `\n${pad}${str(a[1], "nindent").replace(/\n/g, `\n${pad}`)}`;
    },
  });
  m.set(
    "quote",
    f((a) =>
      a
        .filter((x) => x !== null && x !== undefined)
        .map((x) => goQuote(strval(x)))
        .join(" "),
    ),
  );
  m.set(
    "squote",
    f((a) =>
      a
        .filter((x) => x !== null && x !== undefined)
        .map((x) => `'${strval(x)}'`)
        .join(" "),
    ),
  );
  m.set(
    "cat",
    f((a) =>
      a
        .filter((x) => x !== null && x !== undefined)
        .map(strval)
        .join(" "),
    ),
  );
  def("b64enc", { n: 1, call: (a) => Buffer.from(str(a[0], "b64enc"), "utf8").toString("base64") });
  def("b64dec", {
    n: 1,
    call: (a) => {
      const s = str(a[0], "b64dec");
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return "illegal base64 data at input byte 0";
      return Buffer.from(s, "base64").toString("utf8");
    },
  });
  def("sha256sum", { n: 1, call: (a) => createHash("sha256").update(str(a[0], "sha256sum"), "utf8").digest("hex") });
  def("sha1sum", { n: 1, call: (a) => createHash("sha1").update(str(a[0], "sha1sum"), "utf8").digest("hex") });
  def("adler32sum", {
    n: 1,
    call: (a) => {
      let x = 1;
      let y = 0;
      for (const b of Buffer.from(str(a[0], "adler32sum"), "utf8")) {
        x = (x + b) % 65521;
        y = (y + x) % 65521;
      }
      return String(((y << 16) | x) >>> 0);
    },
  });
  def("regexMatch", { n: 2, call: (a) => goRegExp(str(a[0], "regexMatch")).test(str(a[1], "regexMatch")) });
  def("regexFind", { n: 2, call: (a) => goRegExp(str(a[0], "regexFind")).exec(str(a[1], "regexFind"))?.[0] ?? "" });
  def("regexFindAll", {
    n: 3,
    call: (a) => {
      const n = int(a[2]);
      const all = [...str(a[1], "regexFindAll").matchAll(goRegExp(str(a[0], "regexFindAll"), true))].map((x) => x[0]);
      return n < 0 ? all : all.slice(0, n);
    },
  });
  def("regexReplaceAll", {
    n: 3,
    call: (a) => {
      const re = goRegExp(str(a[0], "regexReplaceAll"), true);
      const repl = str(a[2], "regexReplaceAll");
      return str(a[1], "regexReplaceAll").replace(re, (...args: unknown[]) => {
        const groupsArg = args[args.length - 1];
        const hasGroups = typeof groupsArg === "object" && groupsArg !== null;
        const caps = args.slice(0, hasGroups ? -3 : -2) as string[];
        const match = Object.assign([...caps], {
          index: 0,
          input: "",
          groups: hasGroups ? (groupsArg as Record<string, string>) : undefined,
        }) as unknown as RegExpExecArray;
        return goExpand(repl, match);
      });
    },
  });
  def("regexReplaceAllLiteral", {
    n: 3,
    call: (a) =>
      str(a[1], "regexReplaceAllLiteral").replace(goRegExp(str(a[0], "regexReplaceAllLiteral"), true), () =>
        str(a[2], "regexReplaceAllLiteral"),
      ),
  });
  def("regexSplit", {
    n: 3,
    call: (a) => {
      const n = int(a[2]);
      const parts = str(a[1], "regexSplit").split(goRegExp(str(a[0], "regexSplit"), true));
      return n < 0 ? parts : parts.slice(0, n);
    },
  });
  def("toString", { n: 1, call: (a) => strval(a[0]) });
  def("toStrings", { n: 1, call: (a) => strslice(a[0]) });

  // Sprig defaults & logic
  m.set(
    "default",
    f((a) => {
      if (a.length === 0) throw new GoTemplateError("wrong number of args for default: want at least 1 got 0");
      const given = a.slice(1);
      return given.length === 0 || !isTrue(given[0]) ? a[0] : given[0];
    }),
  );
  def("empty", { n: 1, call: (a) => !isTrue(a[0]) });
  m.set(
    "coalesce",
    f((a) => a.find((x) => isTrue(x)) ?? null),
  );
  def("ternary", { n: 3, call: (a) => (bool(a[2]) ? a[0] : a[1]) });
  def("toJson", { n: 1, call: (a) => goJsonMarshal(a[0]) });
  def("toRawJson", { n: 1, call: (a) => goJsonMarshal(a[0], { escapeHtml: false }) });
  def("toPrettyJson", { n: 1, call: (a) => goJsonMarshal(a[0], { indent: "  " }) });
  def("fromJson", {
    n: 1,
    call: (a) => {
      try {
        return toGoValue(JSON.parse(str(a[0], "fromJson")));
      } catch {
        return null;
      }
    },
  });
  def("kindOf", { n: 1, call: (a) => goKindName(a[0]) });
  def("kindIs", { n: 2, call: (a) => goKindName(a[1]) === str(a[0], "kindIs") });
  def("typeOf", { n: 1, call: (a) => goTypeName(a[0]) });
  def("typeIs", { n: 2, call: (a) => goTypeName(a[1]) === str(a[0], "typeIs") });

  // Sprig numbers (all int64 results, arguments through spf13/cast)
  m.set(
    "add",
    f((a) => a.reduce<bigint>((s, x) => s + toInt64(x), 0n)),
  );
  def("add1", { n: 1, call: (a) => toInt64(a[0]) + 1n });
  def("sub", { n: 2, call: (a) => toInt64(a[0]) - toInt64(a[1]) });
  m.set(
    "mul",
    f((a) => a.reduce<bigint>((s, x) => s * toInt64(x), 1n)),
  );
  def("div", {
    n: 2,
    call: (a) => {
      const d = toInt64(a[1]);
      if (d === 0n) throw new GoTemplateError("runtime error: integer divide by zero");
      return toInt64(a[0]) / d;
    },
  });
  def("mod", {
    n: 2,
    call: (a) => {
      const d = toInt64(a[1]);
      if (d === 0n) throw new GoTemplateError("runtime error: integer divide by zero");
      return toInt64(a[0]) % d;
    },
  });
  m.set(
    "max",
    f((a) => a.map(toInt64).reduce((x, y) => (y > x ? y : x))),
  );
  m.set(
    "min",
    f((a) => a.map(toInt64).reduce((x, y) => (y < x ? y : x))),
  );
  def("int", { n: 1, call: (a) => toInt64(a[0]) });
  def("int64", { n: 1, call: (a) => toInt64(a[0]) });
  def("float64", { n: 1, call: (a) => toFloat64(a[0]) });
  def("atoi", {
    n: 1,
    call: (a) => {
      const s = str(a[0], "atoi");
      return /^[+-]?\d+$/.test(s) ? BigInt(s) : 0n;
    },
  });
  def("until", {
    n: 1,
    call: (a) => {
      const n = Math.max(0, int(a[0]));
      if (n > MAX_LIST_LENGTH) throw new TemplateBoundError(`until ${n} is a list of more than ${MAX_LIST_LENGTH}`);
      return Array.from({ length: n }, (_x, i) => BigInt(i));
    },
  });

  // Sprig lists and dicts
  m.set(
    "list",
    f((a) => [...a]),
  );
  m.set(
    "tuple",
    f((a) => [...a]),
  );
  m.set(
    "dict",
    f((a) => {
      const out: GoMap = {};
      for (let i = 0; i < a.length; i += 2) out[strval(a[i])] = i + 1 < a.length ? a[i + 1] : "";
      return out;
    }),
  );
  def("get", {
    n: 2,
    call: (a) => {
      const d = map(a[0]);
      const k = str(a[1], "get");
      return Object.prototype.hasOwnProperty.call(d, k) ? d[k] : "";
    },
  });
  def("set", {
    n: 3,
    call: (a) => {
      const d = map(a[0]);
      d[str(a[1], "set")] = a[2];
      return d;
    },
  });
  def("unset", {
    n: 2,
    call: (a) => {
      const d = map(a[0]);
      delete d[str(a[1], "unset")];
      return d;
    },
  });
  def("hasKey", { n: 2, call: (a) => Object.prototype.hasOwnProperty.call(map(a[0]), str(a[1], "hasKey")) });
  m.set(
    "keys",
    f((a) => a.flatMap((d) => Object.keys(map(d)))),
  );
  def("values", { n: 1, call: (a) => Object.values(map(a[0])) });
  m.set(
    "pluck",
    f((a) => {
      const k = str(a[0] ?? null, "pluck");
      return a.slice(1).flatMap((d) => (Object.prototype.hasOwnProperty.call(map(d), k) ? [map(d)[k]] : []));
    }),
  );
  m.set(
    "merge",
    f((a) => {
      const dst = map(a[0] ?? null);
      for (const src of a.slice(1)) fillMissing(dst, map(src));
      return dst;
    }),
  );
  def("first", { n: 1, call: (a) => list(a[0], "find first").at(0) ?? null });
  def("last", { n: 1, call: (a) => list(a[0], "find last").at(-1) ?? null });
  def("rest", { n: 1, call: (a) => list(a[0], "find rest").slice(1) });
  def("initial", { n: 1, call: (a) => list(a[0], "find initial").slice(0, -1) });
  def("append", { n: 2, call: (a) => [...list(a[0], "append"), a[1]] });
  def("push", { n: 2, call: (a) => [...list(a[0], "push"), a[1]] });
  def("prepend", { n: 2, call: (a) => [a[1], ...list(a[0], "prepend")] });
  m.set(
    "concat",
    f((a) => a.flatMap((l) => list(l, "concat"))),
  );
  def("reverse", { n: 1, call: (a) => [...list(a[0], "reverse")].reverse() });
  def("compact", { n: 1, call: (a) => list(a[0], "compact").filter((x) => isTrue(x)) });
  def("uniq", {
    n: 1,
    call: (a) => {
      const out: GoValue[] = [];
      for (const x of list(a[0], "uniq")) if (!out.some((y) => deepEqual(x, y))) out.push(x);
      return out;
    },
  });
  def("has", { n: 2, call: (a) => (Array.isArray(a[1]) ? a[1].some((x) => deepEqual(x, a[0])) : false) });
  m.set(
    "without",
    f((a) => list(a[0] ?? null, "without").filter((x) => !a.slice(1).some((y) => deepEqual(x, y)))),
  );
  def("sortAlpha", { n: 1, call: (a) => strslice(a[0]).sort() });
  def("deepEqual", { n: 2, call: (a) => deepEqual(a[0], a[1]) });

  // Sprig paths (Go's path package: forward slashes only)
  def("base", { n: 1, call: (a) => goPathBase(str(a[0], "base")) });
  def("dir", { n: 1, call: (a) => goPathDir(str(a[0], "dir")) });
  def("clean", { n: 1, call: (a) => goPathClean(str(a[0], "clean")) });
  def("ext", {
    n: 1,
    call: (a) => {
      const s = str(a[0], "ext");
      const m = /\.[^./]*$/.exec(s);
      return m ? m[0] : "";
    },
  });
  def("isAbs", { n: 1, call: (a) => str(a[0], "isAbs").startsWith("/") });

  // More Sprig dict helpers
  m.set(
    "dig",
    f((a) => {
      if (a.length < 3) throw new GoTemplateError("dig needs at least three arguments");
      const dict = map(a[a.length - 1]);
      const dflt = a[a.length - 2];
      const keys = a.slice(0, -2).map((k) => str(k, "dig"));
      let cur: GoValue = dict;
      for (const k of keys) {
        if (!isGoMap(cur) || !Object.prototype.hasOwnProperty.call(cur, k)) return dflt ?? null;
        cur = cur[k];
      }
      return cur;
    }),
  );
  m.set(
    "pick",
    f((a) => {
      const d = map(a[0] ?? null);
      const out: GoMap = {};
      for (const k of a.slice(1)) {
        const key = str(k, "pick");
        if (Object.prototype.hasOwnProperty.call(d, key)) out[key] = d[key];
      }
      return out;
    }),
  );
  m.set(
    "omit",
    f((a) => {
      const d = map(a[0] ?? null);
      const drop = new Set(a.slice(1).map((k) => str(k, "omit")));
      const out: GoMap = {};
      for (const [k, v] of Object.entries(d)) if (!drop.has(k)) out[k] = v;
      return out;
    }),
  );
  m.set(
    "mergeOverwrite",
    f((a) => {
      const dst = map(a[0] ?? null);
      for (const src of a.slice(1)) overwriteDeep(dst, map(src));
      return dst;
    }),
  );
  def("deepCopy", { n: 1, call: (a) => structuredClone(a[0]) });
  def("mustDeepCopy", { n: 1, call: (a) => structuredClone(a[0]) });
  def("regexQuoteMeta", { n: 1, call: (a) => str(a[0], "regexQuoteMeta").replace(/[\\.+*?()|[\]{}^$]/g, "\\$&") });
  def("splitn", {
    n: 3,
    call: (a) => {
      const sep = str(a[0], "splitn");
      const n = int(a[1]);
      const s = str(a[2], "splitn");
      const parts = goSplit(s, sep);
      const kept = n > 0 && parts.length > n ? [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)] : parts;
      const out: GoMap = {};
      kept.forEach((p, i) => (out[`_${i}`] = p));
      return out;
    },
  });
  def("fail", {
    n: 1,
    call: (a) => {
      throw new GoTemplateError(str(a[0], "fail"));
    },
  });
  def("mustFromJson", {
    n: 1,
    call: (a) => {
      try {
        return toGoValue(JSON.parse(str(a[0], "mustFromJson")));
      } catch (e) {
        throw new GoTemplateError((e as Error).message);
      }
    },
  });
  // The must* variants behave like the plain ones here, which already fail on a wrong type.
  for (const name of [
    "first",
    "last",
    "rest",
    "initial",
    "append",
    "push",
    "prepend",
    "reverse",
    "compact",
    "uniq",
    "without",
    "has",
    "toJson",
    "toRawJson",
    "toPrettyJson",
    "regexMatch",
    "regexFind",
    "regexFindAll",
    "regexReplaceAll",
    "regexReplaceAllLiteral",
    "regexSplit",
    "merge",
    "mergeOverwrite",
  ]) {
    const fn = m.get(name);
    if (fn) m.set(`must${name[0]!.toUpperCase()}${name.slice(1)}`, fn);
  }

  // Sprig semver
  def("semverCompare", {
    n: 2,
    call: (a) => semverCompare({ constraint: str(a[0], "semverCompare"), version: str(a[1], "semverCompare") }),
  });
  def("semver", {
    n: 1,
    call: (a) => {
      const v = parseSemver(str(a[0], "semver"));
      if (!v) throw new GoTemplateError("Invalid Semantic Version");
      return { Major: BigInt(v.major), Minor: BigInt(v.minor), Patch: BigInt(v.patch), Prerelease: v.pre };
    },
  });

  // Sprig's deprecated aliases
  m.set("trimall", m.get("trimAll")!);
  m.set("biggest", m.get("max")!);
  def("hello", { n: 0, call: () => "Hello!" });

  // Argo CD additions
  def("normalize", { n: 1, call: (a) => sanitizeName(str(a[0], "normalize")) });
  m.set(
    "slugify",
    f((a) => {
      if (a.length === 0) return "";
      if (a.length > 3) throw new GoTemplateError("Bad 'slugify' arguments.");
      const name = str(a[a.length - 1], "slugify");
      return slugifyName({
        name,
        maxSize: a.length >= 2 ? int(a[0]) : undefined,
        smartTruncate: a.length === 3 ? bool(a[1]) : undefined,
      });
    }),
  );
  def("toYaml", { n: 1, call: (a) => stringifyGoYaml(a[0]).replace(/\n$/, "") });
  def("fromYaml", {
    n: 1,
    call: (a) => {
      const v = parseGoYaml(str(a[0], "fromYaml"));
      if (v === null || v === undefined) return {};
      if (!isGoMap(v)) throw new GoTemplateError("error unmarshaling JSON: cannot unmarshal array into map");
      return v;
    },
  });
  def("fromYamlArray", {
    n: 1,
    call: (a) => {
      const v = parseGoYaml(str(a[0], "fromYamlArray"));
      if (v === null || v === undefined) return [];
      if (!Array.isArray(v)) throw new GoTemplateError("error unmarshaling JSON: cannot unmarshal object into array");
      return v;
    },
  });

  // Removed by Argo CD so templates cannot read the controller's environment.
  for (const name of ["env", "expandenv", "getHostByName"]) m.delete(name);
  return m;
}

/** Sprig functions that exist in Argo CD but that this interpreter does not implement: using one
 *  is "cannot evaluate", not a template error Argo CD would raise. */
const UNMODELLED_SPRIG = [
  // non-deterministic or time-dependent: Argo CD's own output changes from one reconcile to the next
  "now",
  "date",
  "dateInZone",
  "dateModify",
  "toDate",
  "mustToDate",
  "unixEpoch",
  "duration",
  "durationRound",
  "ago",
  "htmlDate",
  "htmlDateInZone",
  "randAlpha",
  "randAlphaNum",
  "randAscii",
  "randNumeric",
  "randBytes",
  "randInt",
  "uuidv4",
  "shuffle",
  "genPrivateKey",
  "derivePassword",
  "buildCustomCert",
  "genCA",
  "genSelfSignedCert",
  "genSignedCert",
  "encryptAES",
  "decryptAES",
  "bcrypt",
  "htpasswd",
  // deterministic but not implemented yet
  "wrap",
  "wrapWith",
  "abbrev",
  "abbrevboth",
  "initials",
  "untitle",
  "snakecase",
  "camelcase",
  "kebabcase",
  "swapcase",
  "plural",
  "b32enc",
  "b32dec",
  "addf",
  "add1f",
  "subf",
  "mulf",
  "divf",
  "maxf",
  "minf",
  "floor",
  "ceil",
  "round",
  "seq",
  "untilStep",
  "chunk",
  "sha512sum",
  "osBase",
  "osClean",
  "osDir",
  "osExt",
  "osIsAbs",
  "urlParse",
  "urlJoin",
  "html",
  "js",
  "call",
  "typeIsLike",
  "toDecimal",
  "mustDateModify",
  "mustChunk",
  "mustSlice",
];

function deepEqual(a: GoValue, b: GoValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isGoMap(a) && isGoMap(b)) {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length &&
      ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]))
    );
  }
  return false;
}

function overwriteDeep(dst: GoMap, src: GoMap): void {
  for (const [k, v] of Object.entries(src)) {
    const cur = dst[k];
    if (isGoMap(cur) && isGoMap(v)) overwriteDeep(cur, v);
    else if (isTrue(v)) dst[k] = v;
    else if (!Object.prototype.hasOwnProperty.call(dst, k)) dst[k] = v;
  }
}

/** Go's path.Clean. */
function goPathClean(p: string): string {
  if (p === "") return ".";
  const rooted = p.startsWith("/");
  const out: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
    } else out.push(seg);
  }
  const joined = out.join("/");
  return rooted ? `/${joined}` : joined || ".";
}

/** Go's path.Base: trailing slashes dropped, "" -> ".", all slashes -> "/". */
function goPathBase(p: string): string {
  if (p === "") return ".";
  const trimmed = p.replace(/\/+$/, "");
  if (trimmed === "") return "/";
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

/** Go's path.Dir: everything before the last slash, cleaned. */
function goPathDir(p: string): string {
  const i = p.lastIndexOf("/");
  return goPathClean(p.slice(0, i + 1));
}

function fillMissing(dst: GoMap, src: GoMap): void {
  for (const [k, v] of Object.entries(src)) {
    const cur = dst[k];
    if (isGoMap(cur) && isGoMap(v)) fillMissing(cur, v);
    else if (!Object.prototype.hasOwnProperty.call(dst, k) || !isTrue(cur)) dst[k] = v;
  }
}

function trimChars(s: string, cutset: string): string {
  const set = new Set([...cutset]);
  const chars = [...s];
  let i = 0;
  let j = chars.length;
  while (i < j && set.has(chars[i]!)) i++;
  while (j > i && set.has(chars[j - 1]!)) j--;
  return chars.slice(i, j).join("");
}

/** strings.Split: an empty separator splits after each UTF-8 sequence. */
function goSplit(s: string, sep: string): string[] {
  return sep === "" ? [...s] : s.split(sep);
}

let cached: Map<string, TemplateFunc> | undefined;

/** The function map, built once (like Argo CD's baseTemplate). */
export function templateFuncs(): ReadonlyMap<string, TemplateFunc> {
  if (!cached) {
    cached = defineFuncs();
    for (const name of UNMODELLED_SPRIG) {
      if (cached.has(name) || ["env", "expandenv", "getHostByName"].includes(name)) continue;
      cached.set(name, {
        call: () => {
          throw new NotModelledError(`the Sprig function "${name}" is not modelled`);
        },
      });
    }
  }
  return cached;
}

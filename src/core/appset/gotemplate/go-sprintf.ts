// Go's fmt.Sprintf / Sprint / Sprintln for the verbs templates use (%s %d %v %q %t %f %e %g %x %X %o %c %%),
// with flags (-, 0, +, space), width and precision; wrong types print Go's %!verb(type=value).
import { formatGoFloat, formatGoValue, goTypeName, type GoValue } from "./go-value.js";

export function goSprintf(format: string, args: GoValue[]): string {
  let out = "";
  let argi = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== "%") {
      out += c;
      continue;
    }
    let j = i + 1;
    let flags = "";
    while (j < format.length && "-+# 0".includes(format[j]!)) flags += format[j++];
    let width: number | undefined;
    let m = /^\d+/.exec(format.slice(j));
    if (format[j] === "*") {
      const a = args[argi++];
      width = typeof a === "bigint" ? Number(a) : undefined;
      j++;
    } else if (m) {
      width = Number(m[0]);
      j += m[0].length;
    }
    let prec: number | undefined;
    if (format[j] === ".") {
      j++;
      m = /^\d+/.exec(format.slice(j));
      if (m) {
        prec = Number(m[0]);
        j += m[0].length;
      } else prec = 0;
    }
    const verb = format[j];
    i = j;
    if (verb === undefined) {
      out += "%!(NOVERB)";
      break;
    }
    if (verb === "%") {
      out += "%";
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[argi++];
    out += pad({ s: formatVerb({ verb, arg, flags, prec }), width, flags, verb, arg });
  }
  if (argi < args.length) {
    out += `%!(EXTRA ${args
      .slice(argi)
      .map((a) => `${goTypeName(a)}=${formatGoValue(a)}`)
      .join(", ")})`;
  }
  return out;
}

function pad({
  s,
  width,
  flags,
  verb,
  arg,
}: {
  s: string;
  width: number | undefined;
  flags: string;
  verb: string;
  arg: GoValue;
}): string {
  if (width === undefined || s.length >= width) return s;
  if (flags.includes("-")) return s + " ".repeat(width - s.length);
  const numeric = typeof arg === "bigint" || typeof arg === "number";
  if (flags.includes("0") && numeric && "dfegxXo".includes(verb)) {
    const neg = s.startsWith("-") || s.startsWith("+");
    const sign = neg ? s[0]! : "";
    const body = neg ? s.slice(1) : s;
    return sign + "0".repeat(width - s.length) + body;
  }
  return " ".repeat(width - s.length) + s;
}

function bad(verb: string, arg: GoValue): string {
  if (arg === null || arg === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(arg)}=${formatGoValue(arg)})`;
}

function formatVerb({
  verb,
  arg,
  flags,
  prec,
}: {
  verb: string;
  arg: GoValue;
  flags: string;
  prec: number | undefined;
}): string {
  switch (verb) {
    case "v":
      return formatGoValue(arg);
    case "s":
      if (typeof arg === "string") return prec === undefined ? arg : arg.slice(0, prec);
      if (Array.isArray(arg) || (typeof arg === "object" && arg !== null)) return formatGoValue(arg);
      return bad(verb, arg);
    case "q":
      if (typeof arg === "string") return goQuote(arg);
      return bad(verb, arg);
    case "t":
      return typeof arg === "boolean" ? String(arg) : bad(verb, arg);
    case "d":
      if (typeof arg === "bigint") return (flags.includes("+") && arg >= 0n ? "+" : "") + arg.toString();
      return bad(verb, arg);
    case "x":
    case "X":
    case "o": {
      const base = verb === "o" ? 8 : 16;
      let s: string;
      if (typeof arg === "bigint") s = arg.toString(base);
      else if (typeof arg === "string" && verb !== "o") s = Buffer.from(arg, "utf8").toString("hex");
      else return bad(verb, arg);
      return verb === "X" ? s.toUpperCase() : s;
    }
    case "c":
      return typeof arg === "bigint" ? String.fromCodePoint(Number(arg)) : bad(verb, arg);
    case "f":
    case "F":
      if (typeof arg === "number") return signed({ s: arg.toFixed(prec ?? 6), n: arg, flags });
      return bad(verb, arg);
    case "e":
      if (typeof arg === "number") return signed({ s: goExp(arg.toExponential(prec ?? 6)), n: arg, flags });
      return bad(verb, arg);
    case "g":
      if (typeof arg === "number")
        return signed({ s: prec === undefined ? formatGoFloat(arg) : goExp(arg.toPrecision(prec)), n: arg, flags });
      return bad(verb, arg);
    default:
      return bad(verb, arg);
  }
}

function signed({ s, n, flags }: { s: string; n: number; flags: string }): string {
  return flags.includes("+") && n >= 0 ? `+${s}` : s;
}

/** JS "1.5e+6" -> Go "1.5e+06". */
function goExp(s: string): string {
  return s.replace(/e([+-])(\d)$/, "e$10$2");
}

/** strconv.Quote: a double-quoted Go string literal. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\x07") out += "\\a";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (ch === "\v") out += "\\v";
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function goSprint(args: GoValue[]): string {
  let out = "";
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== "string" && typeof args[i - 1] !== "string") out += " ";
    out += formatGoValue(a);
  });
  return out;
}

export function goSprintln(args: GoValue[]): string {
  return `${args.map(formatGoValue).join(" ")}\n`;
}

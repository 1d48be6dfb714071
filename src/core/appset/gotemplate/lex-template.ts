// A lexer for Go text/template (modelled on text/template/parse/lex.go, written from its documented
// behaviour): text outside `{{ }}`, trim markers `{{- ` / ` -}}`, comments, and the tokens inside actions.
import { GoTemplateError } from "./go-value.js";

export type TokenType =
  | "text"
  | "left" // {{
  | "right" // }}
  | "identifier" // a function name or keyword
  | "field" // .name
  | "variable" // $ or $name
  | "dot" // .
  | "string" // quoted string, value already unescaped
  | "number"
  | "char"
  | "bool"
  | "nil"
  | "pipe"
  | "declare" // :=
  | "assign" // =
  | "lparen"
  | "rparen"
  | "comma"
  | "eof";

export interface Token {
  type: TokenType;
  value: string;
  /** Whitespace separated this token from the previous one inside an action. */
  spaceBefore: boolean;
  pos: number;
}

const TRIM_MARKER_LEN = 2; // "- " or " -"

export function lexTemplate(src: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let trimNextText = false;
  while (pos < src.length) {
    const open = src.indexOf("{{", pos);
    let text = open < 0 ? src.slice(pos) : src.slice(pos, open);
    if (trimNextText) text = text.replace(/^[ \t\r\n]+/, "");
    trimNextText = false;
    if (open < 0) {
      if (text) tokens.push({ type: "text", value: text, spaceBefore: false, pos });
      break;
    }
    // "{{- " trims the preceding text (the marker must be followed by a space).
    const trimLeft =
      src.startsWith("{{- ", open) ||
      src.startsWith("{{-\t", open) ||
      src.startsWith("{{-\n", open) ||
      src.startsWith("{{-\r", open);
    if (trimLeft) text = text.replace(/[ \t\r\n]+$/, "");
    if (text) tokens.push({ type: "text", value: text, spaceBefore: false, pos });
    const p = open + 2 + (trimLeft ? TRIM_MARKER_LEN : 0);
    // Comments: {{/* ... */}} with optional trim markers.
    if (src.startsWith("/*", p)) {
      const end = src.indexOf("*/", p + 2);
      if (end < 0) throw new GoTemplateError("unclosed comment");
      let q = end + 2;
      let trimRight = false;
      if (src.startsWith(" -}}", q) || src.startsWith("\t-}}", q) || src.startsWith("\n-}}", q)) {
        trimRight = true;
        q += 2;
      }
      if (!src.startsWith("}}", q)) throw new GoTemplateError("comment ends before closing delimiter");
      pos = q + 2;
      trimNextText = trimRight;
      continue;
    }
    tokens.push({ type: "left", value: "{{", spaceBefore: false, pos: open });
    const r = lexInsideAction({ src, start: p, tokens });
    pos = r.pos;
    trimNextText = r.trimRight;
  }
  tokens.push({ type: "eof", value: "", spaceBefore: false, pos: src.length });
  return tokens;
}

function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\r" || c === "\n";
}

function isAlnum(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

function lexInsideAction({ src, start, tokens }: { src: string; start: number; tokens: Token[] }): {
  pos: number;
  trimRight: boolean;
} {
  let p = start;
  let space = false;
  let parenDepth = 0;
  // Every token is pushed before `p` moves past it, so `p` is its position.
  const push = (type: TokenType, value: string) => {
    tokens.push({ type, value, spaceBefore: space, pos: p });
    space = false;
  };
  for (;;) {
    if (p >= src.length) throw new GoTemplateError("unclosed action");
    const c = src[p];
    // " -}}" closes with right trim.
    if (isSpace(c) && src.startsWith("-}}", p + 1)) {
      push("right", "}}");
      return { pos: p + 4, trimRight: true };
    }
    if (src.startsWith("}}", p)) {
      if (parenDepth > 0) throw new GoTemplateError("unclosed left paren");
      push("right", "}}");
      return { pos: p + 2, trimRight: false };
    }
    if (isSpace(c)) {
      space = true;
      p++;
      continue;
    }
    if (c === "|") {
      push("pipe", "|");
      p++;
      continue;
    }
    if (c === "(") {
      parenDepth++;
      push("lparen", "(");
      p++;
      continue;
    }
    if (c === ")") {
      parenDepth--;
      if (parenDepth < 0) throw new GoTemplateError("unexpected right paren");
      push("rparen", ")");
      p++;
      continue;
    }
    if (c === ",") {
      push("comma", ",");
      p++;
      continue;
    }
    if (c === ":" && src[p + 1] === "=") {
      push("declare", ":=");
      p += 2;
      continue;
    }
    if (c === "=") {
      push("assign", "=");
      p++;
      continue;
    }
    if (c === '"') {
      let q = p + 1;
      while (q < src.length && src[q] !== '"') {
        if (src[q] === "\\") q++;
        if (src[q] === "\n") throw new GoTemplateError("unterminated quoted string");
        q++;
      }
      if (q >= src.length) throw new GoTemplateError("unterminated quoted string");
      push("string", unquoteGoString(src.slice(p + 1, q)));
      p = q + 1;
      continue;
    }
    if (c === "`") {
      const q = src.indexOf("`", p + 1);
      if (q < 0) throw new GoTemplateError("unterminated raw quoted string");
      push("string", src.slice(p + 1, q));
      p = q + 1;
      continue;
    }
    if (c === "'") {
      let q = p + 1;
      while (q < src.length && src[q] !== "'") {
        if (src[q] === "\\") q++;
        q++;
      }
      const ch = unquoteGoString(src.slice(p + 1, q));
      push("char", String(ch.codePointAt(0) ?? 0));
      p = q + 1;
      continue;
    }
    if (c === "$") {
      let q = p + 1;
      while (isAlnum(src[q])) q++;
      push("variable", src.slice(p, q));
      p = q;
      continue;
    }
    if (c === ".") {
      // A number like .5, a field .name, or the dot itself.
      if (src[p + 1] !== undefined && /[0-9]/.test(src[p + 1] as string)) {
        const m = /^\.[0-9_]+([eE][+-]?[0-9]+)?/.exec(src.slice(p));
        push("number", m![0]);
        p += m![0].length;
        continue;
      }
      if (isAlnum(src[p + 1])) {
        let q = p + 1;
        while (isAlnum(src[q])) q++;
        push("field", src.slice(p + 1, q));
        p = q;
        continue;
      }
      push("dot", ".");
      p++;
      continue;
    }
    if (/[0-9+-]/.test(c as string)) {
      const m =
        /^[+-]?(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|([0-9][0-9_]*)?(\.[0-9_]*)?([eE][+-]?[0-9]+)?)/.exec(
          src.slice(p),
        );
      if (!m || m[0] === "" || m[0] === "+" || m[0] === "-")
        throw new GoTemplateError(`unexpected ${JSON.stringify(c)} in command`);
      push("number", m[0]);
      p += m[0].length;
      continue;
    }
    if (isAlnum(c)) {
      let q = p;
      while (isAlnum(src[q])) q++;
      const word = src.slice(p, q);
      if (word === "true" || word === "false") push("bool", word);
      else if (word === "nil") push("nil", word);
      else push("identifier", word);
      p = q;
      continue;
    }
    throw new GoTemplateError(`unrecognized character in action: ${JSON.stringify(c)}`);
  }
}

/** Go's strconv.Unquote for the body of a double-quoted string. */
function unquoteGoString(body: string): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const n = body[++i];
    switch (n) {
      case "n":
        out += "\n";
        break;
      case "t":
        out += "\t";
        break;
      case "r":
        out += "\r";
        break;
      case "a":
        out += "\x07";
        break;
      case "b":
        out += "\b";
        break;
      case "f":
        out += "\f";
        break;
      case "v":
        out += "\v";
        break;
      case "\\":
        out += "\\";
        break;
      case '"':
        out += '"';
        break;
      case "'":
        out += "'";
        break;
      case "x":
        out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
        i += 2;
        break;
      case "u":
        out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 5), 16));
        i += 4;
        break;
      case "U":
        out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 9), 16));
        i += 8;
        break;
      default:
        if (n !== undefined && /[0-7]/.test(n)) {
          out += String.fromCharCode(parseInt(body.slice(i, i + 3), 8));
          i += 2;
        } else {
          throw new GoTemplateError(`invalid escape in string: \\${n ?? ""}`);
        }
    }
  }
  return out;
}

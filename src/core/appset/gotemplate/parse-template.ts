// A parser for Go text/template (the grammar of text/template/parse/parse.go): actions, pipelines
// with declarations, if/else if/range/with/else with/break/continue. define/template/block are
// rejected: ApplicationSet fields are single anonymous templates.
import { GoTemplateError } from "./go-value.js";
import { lexTemplate, type Token } from "./lex-template.js";

export type ArgNode =
  | { type: "field"; chain: string[] } // .a.b
  | { type: "variable"; name: string; chain: string[] } // $x.a
  | { type: "dot" }
  | { type: "identifier"; name: string }
  | { type: "string"; value: string }
  | { type: "number"; text: string; isInt: boolean; int?: bigint; float: number }
  | { type: "bool"; value: boolean }
  | { type: "nil" }
  | { type: "pipe"; pipe: PipeNode; chain: string[] }; // (pipeline).a

export interface CommandNode {
  args: ArgNode[];
}

export interface PipeNode {
  decl: string[];
  isAssign: boolean;
  cmds: CommandNode[];
}

export type Node =
  | { type: "text"; text: string }
  | { type: "action"; pipe: PipeNode }
  | { type: "if" | "with"; pipe: PipeNode; list: Node[]; elseList?: Node[] }
  | { type: "range"; pipe: PipeNode; list: Node[]; elseList?: Node[] }
  | { type: "break" }
  | { type: "continue" };

export function parseTemplate(src: string): Node[] {
  const p = new Parser(lexTemplate(src));
  const { nodes, end } = p.parseList(0);
  if (end !== "eof") throw new GoTemplateError(`unexpected {{${end}}}`);
  return nodes;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)] as Token;
  }
  private next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }
  private expect(type: Token["type"], context: string): Token {
    const t = this.next();
    if (t.type !== type) throw new GoTemplateError(`unexpected ${describe(t)} in ${context}`);
    return t;
  }

  /** Parses nodes until {{end}}, {{else ...}} or EOF; returns which one stopped it. */
  parseList(rangeDepth: number): { nodes: Node[]; end: "eof" | "end" | "else" } {
    const nodes: Node[] = [];
    for (;;) {
      const t = this.peek();
      if (t.type === "eof") return { nodes, end: "eof" };
      if (t.type === "text") {
        this.next();
        nodes.push({ type: "text", text: t.value });
        continue;
      }
      this.expect("left", "template");
      const kw = this.peek();
      if (kw.type === "identifier") {
        switch (kw.value) {
          case "end":
            this.next();
            this.expect("right", "end");
            return { nodes, end: "end" };
          case "else":
            this.next();
            return { nodes, end: "else" };
          case "if":
          case "with":
          case "range":
            this.next();
            nodes.push(this.parseControl(kw.value, rangeDepth));
            continue;
          case "break":
          case "continue":
            if (rangeDepth === 0) throw new GoTemplateError(`{{${kw.value}}} outside {{range}}`);
            this.next();
            this.expect("right", kw.value);
            nodes.push({ type: kw.value });
            continue;
          case "define":
          case "template":
          case "block":
            throw new GoTemplateError(`{{${kw.value}}} is not supported in ApplicationSet templates`);
        }
      }
      const pipe = this.parsePipeline("command", true);
      nodes.push({ type: "action", pipe });
    }
  }

  private parseControl(kind: "if" | "with" | "range", rangeDepth: number): Node {
    const pipe = this.parsePipeline(kind, kind !== "if" || true);
    const inner = kind === "range" ? rangeDepth + 1 : rangeDepth;
    const body = this.parseList(inner);
    if (body.end === "eof") throw new GoTemplateError(`unexpected EOF in ${kind}`);
    let elseList: Node[] | undefined;
    if (body.end === "else") {
      // {{else if ...}} / {{else with ...}}: a nested control whose {{end}} also ends this one.
      const t = this.peek();
      if (
        (kind === "if" && t.type === "identifier" && t.value === "if") ||
        (kind === "with" && t.type === "identifier" && t.value === "with")
      ) {
        this.next();
        elseList = [this.parseControl(kind, rangeDepth)];
      } else {
        this.expect("right", "else");
        const rest = this.parseList(rangeDepth);
        if (rest.end !== "end") throw new GoTemplateError(`expected end; found ${rest.end} in ${kind}`);
        elseList = rest.nodes;
      }
    }
    if (kind === "range") return { type: "range", pipe, list: body.nodes, elseList };
    return { type: kind, pipe, list: body.nodes, elseList };
  }

  private parsePipeline(context: string, allowDecl: boolean): PipeNode {
    const decl: string[] = [];
    let isAssign = false;
    // Declarations: $x := / $x = / $i, $e :=
    if (allowDecl && this.peek().type === "variable") {
      const t1 = this.peek(1);
      if (t1.type === "declare" || t1.type === "assign") {
        decl.push(this.next().value);
        isAssign = this.next().type === "assign";
      } else if (
        t1.type === "comma" &&
        this.peek(2).type === "variable" &&
        ["declare", "assign"].includes(this.peek(3).type) &&
        context === "range"
      ) {
        decl.push(this.next().value);
        this.next();
        decl.push(this.next().value);
        isAssign = this.next().type === "assign";
      }
    }
    const cmds: CommandNode[] = [];
    for (;;) {
      const t = this.peek();
      if (t.type === "right") {
        this.next();
        break;
      }
      if (t.type === "rparen") break;
      cmds.push(this.parseCommand());
      const after = this.peek();
      if (after.type === "pipe") {
        this.next();
        continue;
      }
    }
    if (cmds.length === 0) throw new GoTemplateError(`missing value for ${context}`);
    return { decl, isAssign, cmds };
  }

  private parseCommand(): CommandNode {
    const args: ArgNode[] = [];
    for (;;) {
      const t = this.peek();
      if (t.type === "right" || t.type === "rparen" || t.type === "pipe") break;
      if (args.length > 0 && !t.spaceBefore && t.type !== "lparen")
        throw new GoTemplateError(`missing space before ${describe(t)}`);
      args.push(this.parseOperand());
    }
    if (args.length === 0) throw new GoTemplateError("empty command");
    return { args };
  }

  private parseOperand(): ArgNode {
    const t = this.next();
    let node: ArgNode;
    switch (t.type) {
      case "field": {
        const chain = [t.value, ...this.parseChain()];
        return { type: "field", chain };
      }
      case "variable":
        return { type: "variable", name: t.value, chain: this.parseChain() };
      case "dot":
        node = { type: "dot" };
        break;
      case "identifier":
        if (["end", "else", "if", "range", "with"].includes(t.value))
          throw new GoTemplateError(`unexpected ${t.value} in operand`);
        node = { type: "identifier", name: t.value };
        break;
      case "string":
        node = { type: "string", value: t.value };
        break;
      case "char":
        node = { type: "number", text: t.value, isInt: true, int: BigInt(t.value), float: Number(t.value) };
        break;
      case "number":
        node = parseNumber(t.value);
        break;
      case "bool":
        node = { type: "bool", value: t.value === "true" };
        break;
      case "nil":
        node = { type: "nil" };
        break;
      case "lparen": {
        const pipe = this.parsePipeline("parenthesized pipeline", false);
        this.expect("rparen", "parenthesized pipeline");
        return { type: "pipe", pipe, chain: this.parseChain() };
      }
      default:
        throw new GoTemplateError(`unexpected ${describe(t)} in operand`);
    }
    const chain = this.parseChain();
    if (chain.length > 0) throw new GoTemplateError(`unexpected . after term ${JSON.stringify(t.value)}`);
    return node;
  }

  /** Field accesses glued to the previous term (`.a.b`, `$x.a`, `(…).a`). */
  private parseChain(): string[] {
    const chain: string[] = [];
    while (this.peek().type === "field" && !this.peek().spaceBefore) chain.push(this.next().value);
    return chain;
  }
}

function parseNumber(text: string): ArgNode {
  const clean = text.replace(/_/g, "");
  const isIntText = /^[+-]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)$/.test(clean);
  if (isIntText) {
    const neg = clean.startsWith("-");
    const body = clean.replace(/^[+-]/, "");
    let int: bigint;
    if (/^0[oO]/.test(body)) int = BigInt(`0o${body.slice(2)}`);
    else if (/^0[0-7]+$/.test(body))
      int = BigInt(`0o${body.slice(1)}`); // Go: leading 0 means octal
    else int = BigInt(body);
    if (neg) int = -int;
    return { type: "number", text, isInt: true, int, float: Number(int) };
  }
  const f = Number(clean);
  if (Number.isNaN(f)) throw new GoTemplateError(`bad number syntax: ${JSON.stringify(text)}`);
  // A float constant with an integral value is still usable as an int (parse.NumberNode).
  return { type: "number", text, isInt: false, float: f };
}

function describe(t: Token): string {
  return t.type === "eof" ? "EOF" : `${JSON.stringify(t.value)}`;
}

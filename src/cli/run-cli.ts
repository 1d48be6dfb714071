// The CLI runner: owns argument parsing, config loading and error-to-exit-code.
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { analyze } from "../analyze.js";
import type { ProgressEvent } from "../analyze-types.js";
import { parseConfig } from "../config/parse-config.js";
import { renderJson } from "../core/report/render-json.js";
import { renderMarkdown } from "../core/report/render-markdown.js";

export const EXIT_OK = 0;
export const EXIT_BLOCK = 1;
export const EXIT_ERROR = 2;

const USAGE = `usage: blast-radius analyze [--repo DIR] --base REV --head REV [--config FILE] [--format markdown|json] [--out FILE] [--base-branch NAME]... [--no-cache] [--quiet]`;

interface Streams {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  isTTY?: boolean;
}

export async function runCli(argv: string[], io: Streams): Promise<number> {
  const fail = (msg: string): number => {
    io.stderr.write(`blast-radius: ${msg}\n`);
    return EXIT_ERROR;
  };
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    io.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (command !== "analyze") return fail(command ? `unknown command ${command}\n${USAGE}` : USAGE);
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        repo: { type: "string", default: "." },
        base: { type: "string" },
        head: { type: "string" },
        config: { type: "string" },
        format: { type: "string", default: "markdown" },
        out: { type: "string" },
        "base-branch": { type: "string", multiple: true },
        "no-cache": { type: "boolean", default: false },
        quiet: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return fail(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
  if (!values.base || !values.head) return fail(`--base and --head are required\n${USAGE}`);
  if (values.format !== "markdown" && values.format !== "json")
    return fail(`--format must be markdown or json, not ${values.format}`);

  let config;
  if (values.config) {
    let text: string;
    try {
      text = await readFile(values.config, "utf8");
    } catch {
      return fail(`cannot read config file ${values.config}`);
    }
    const parsed = parseConfig(text, values.config);
    if (!parsed.ok) return fail(parsed.error);
    config = parsed.config;
  }

  const progress = values.quiet ? undefined : progressPrinter(io);
  const outcome = await analyze({
    repoDir: values.repo,
    base: values.base,
    head: values.head,
    ...(config ? { config } : {}),
    noCache: values["no-cache"],
    ...(values["base-branch"] ? { baseBranches: values["base-branch"] } : {}),
    ...(progress ? { onProgress: progress } : {}),
  });
  if (!outcome.ok) return fail(outcome.error);
  const text =
    values.format === "json"
      ? renderJson(outcome.report)
      : `${renderMarkdown(outcome.report, { fullReportHint: "run with --format json for the full report" })}\n`;
  if (values.out) {
    try {
      await writeFile(values.out, text);
    } catch {
      return fail(`cannot write ${values.out}`);
    }
  } else io.stdout.write(text);
  return outcome.report.verdict === "block" ? EXIT_BLOCK : EXIT_OK;
}

function progressPrinter(io: Streams): (e: ProgressEvent) => void {
  const t0 = Date.now();
  const secs = (): string => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  let lastRendered = 0;
  return (e) => {
    switch (e.phase) {
      case "checkout":
        io.stderr.write(`[${secs()}] ${e.side}: ${e.rev}\n`);
        break;
      case "discovered":
        io.stderr.write(`[${secs()}] ${e.side}: ${e.apps} applications, ${e.appSets} ApplicationSets\n`);
        break;
      case "rendered": {
        const now = Date.now();
        if (now - lastRendered > 1000 || e.done === e.total) {
          lastRendered = now;
          io.stderr.write(`[${secs()}] rendered ${e.done}/${e.total}\n`);
        }
        break;
      }
      case "done":
        io.stderr.write(`[${secs()}] done in ${(e.elapsedMs / 1000).toFixed(1)}s\n`);
        break;
    }
  };
}

// The CLI runner: owns argument parsing, config loading and error-to-exit-code.
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { analyze } from "../analyze.js";
import { isShallowRepository } from "../adapters/git/is-shallow-repository.js";
import { describeVersion } from "./describe-version.js";
import type { ProgressEvent } from "../analyze-types.js";
import { parseConfig } from "../config/parse-config.js";
import { renderJson } from "../core/report/render-json.js";
import { renderMarkdown } from "../core/report/render-markdown.js";
import { renderHtml } from "../core/report/render-html.js";

export const EXIT_OK = 0;
export const EXIT_BLOCK = 1;
export const EXIT_ERROR = 2;

const USAGE = `usage: blast-radius analyze [--repo DIR] --base REV --head REV [--config FILE] [--format markdown|json|html] [--out FILE] [--base-branch NAME]... [--no-cache] [--quiet]`;

const HELP = `blast-radius: what an Argo CD GitOps change would delete, before it is merged

usage:
  blast-radius analyze [--repo DIR] --base REV --head REV [options]
  blast-radius --version      this version, and the helm and kustomize it renders with
  blast-radius --help         this text; \`blast-radius analyze --help\` lists the options

Exit status: 0 pass or warn, 1 block, 2 the analysis could not run (reason on stderr).
`;

const ANALYZE_HELP = `usage: blast-radius analyze [--repo DIR] --base REV --head REV [options]

Renders every Argo CD Application at both revisions, as Argo CD would, and reports what merging
head where base is deployed would prune, delete and cascade. Progress on stderr, report on stdout.

  --repo DIR           git work tree or bare repository (default: the current directory)
  --base REV           the deployed revision: branch, tag or commit
  --head REV           the proposed revision
  --config FILE        configuration file (default: .github/argocd-blast-radius.yml read
                       from the base revision, else built-in defaults)
  --format FORMAT      markdown (default, as the pull-request comment shows it), json, or html
                       (one self-contained file: every diff and the blast-radius graph)
  --out FILE           write the report to FILE instead of stdout
  --base-branch NAME   the branch the clusters deploy from, when --base is a commit
                       (repeatable)
  --no-cache           render everything again (no render cache, no reuse of unchanged apps)
  --quiet              no progress on stderr
  -h, --help           this text

Exit status: 0 pass or warn, 1 block, 2 the analysis could not run (reason on stderr).
`;

interface Streams {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

/** `cacheDir`: where renders are cached on disk (main.ts passes defaultCacheDir(process.env)). */
export async function runCli(argv: string[], io: Streams, opts: { cacheDir?: string } = {}): Promise<number> {
  const fail = (msg: string): number => {
    io.stderr.write(`blast-radius: ${msg}\n`);
    return EXIT_ERROR;
  };
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  if (command === "--version" || command === "-V" || command === "version") {
    const v = await describeVersion();
    io.stdout.write(`${v.lines.join("\n")}\n`);
    return v.error === undefined ? EXIT_OK : fail(v.error);
  }
  if (command !== "analyze") return fail(command ? `unknown command ${command}\n${USAGE}` : USAGE);
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(ANALYZE_HELP);
    return EXIT_OK;
  }
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
  if (values.format !== "markdown" && values.format !== "json" && values.format !== "html")
    return fail(`--format must be markdown, json or html, not ${values.format}`);

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
    ...(opts.cacheDir !== undefined ? { cacheDir: opts.cacheDir } : {}),
    ...(values["base-branch"] ? { baseBranches: values["base-branch"] } : {}),
    ...(progress ? { onProgress: progress } : {}),
  });
  if (!outcome.ok) return fail(await withHistoryHint(outcome.error, values.repo));
  const text =
    values.format === "json"
      ? renderJson(outcome.report)
      : values.format === "html"
        ? renderHtml(outcome.report)
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

/** A revision missing from a shallow clone is there on the server: say how to get it. */
async function withHistoryHint(error: string, repoDir: string): Promise<string> {
  if (!/^unknown revision /.test(error) || !(await isShallowRepository(repoDir))) return error;
  return `${error}: this clone is shallow, fetch more history (git fetch --unshallow, or git fetch --depth=N origin REV)`;
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

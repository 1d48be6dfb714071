#!/usr/bin/env node
// Face 1: `blast-radius analyze`. No logic here: parse arguments, call analyze, print, exit.
import { runCli } from "./run-cli.js";
import { firstLine } from "../core/first-line.js";
import { defaultCacheDir } from "../adapters/cache/default-cache-dir.js";

/** Once the analysis has ended, nothing may keep the process alive (a tool or git process some
 *  failed step left behind, a socket): the exit status is set, and after this grace the process
 *  exits whatever is still pending. The timer is unref'd, so a clean run exits at once. */
const EXIT_GRACE_MS = 2000;

function exitSoon(): void {
  setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
}

runCli(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr },
  { cacheDir: defaultCacheDir(process.env) },
).then(
  (code) => {
    process.exitCode = code;
    exitSoon();
  },
  (err: unknown) => {
    process.stderr.write(`blast-radius: internal error: ${firstLine(err)}\n`);
    process.exitCode = 2;
    exitSoon();
  },
);

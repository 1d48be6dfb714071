#!/usr/bin/env node
// Face 1: `blast-radius analyze`. No logic here: parse arguments, call analyze, print, exit.
import { runCli } from "./run-cli.js";
import { firstLine } from "../core/first-line.js";
import { defaultCacheDir } from "../adapters/cache/default-cache-dir.js";

runCli(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr },
  { cacheDir: defaultCacheDir(process.env) },
).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`blast-radius: internal error: ${firstLine(err)}\n`);
    process.exitCode = 2;
  },
);

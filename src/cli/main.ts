#!/usr/bin/env node
// Face 1: `blast-radius analyze`. No logic here: parse arguments, call analyze, print, exit.
import { runCli } from "./run-cli.js";

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: Boolean(process.stderr.isTTY),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `blast-radius: internal error: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}\n`,
    );
    process.exitCode = 2;
  },
);

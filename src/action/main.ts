// Face 3: the GitHub Action (action.yml runs `node dist/action/main.js`). No logic here: real
// dependencies, the job's cancellation wired to the registered hooks, the exit status.
import { analyze } from "../analyze.js";
import { defaultCacheDir } from "../adapters/cache/default-cache-dir.js";
import { firstLine } from "../core/first-line.js";
import { createTokenClient } from "../adapters/github/create-token-client.js";
import { runAction } from "./run-action.js";

const cancelHooks = new Set<() => Promise<void>>();
// The runner cancels a job with SIGINT, then SIGTERM 7.5 s later: complete our check as
// cancelled (naming how to run again) rather than leave it in progress.
let cancelling = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (cancelling) return;
    cancelling = true;
    void Promise.allSettled([...cancelHooks].map((hook) => hook())).finally(() => process.exit(1));
  });
}

runAction({
  env: process.env,
  deps: {
    analyze: (params) => analyze({ ...params, cacheDir: defaultCacheDir(process.env) }),
    createClient: (p) => createTokenClient(p),
    onCancel: (hook) => {
      cancelHooks.add(hook);
      return () => void cancelHooks.delete(hook);
    },
  },
  write: (line) => process.stdout.write(line),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stdout.write(`::error::Argo CD blast radius: internal error: ${firstLine(err)}\n`);
    process.exitCode = 2;
  },
);

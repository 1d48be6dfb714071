// analyze's abort: a plugin that sleeps is killed when the signal aborts, the analysis returns
// within about a second, and its outcome says interrupted (never a report, never a pass).
import { describe, expect, it } from "@jest/globals";
import { analyze } from "../src/analyze.js";
import { DEFAULT_CONFIG } from "../src/config/defaults.js";
import type { Config } from "../src/config/config.js";
import { makeRepo } from "./scenario/scenario-repo.js";
import { processesMatching, uniqueSleep, waitFor } from "./support/processes.js";
import { SLOW_APP } from "./support/slow-app.js";

describe("analyze: abort", () => {
  it("kills the plugin that is running, returns promptly and says interrupted", async () => {
    const sleep = uniqueSleep();
    const config: Config = {
      ...DEFAULT_CONFIG,
      plugins: [{ name: "slow", generate: { command: ["sh", "-c"], args: [`${sleep}; echo '{}'`] } }],
    };
    const repo = await makeRepo({
      base: { "apps.yaml": SLOW_APP, "apps/slow/a.txt": "a\n" },
      head: { "apps/slow/a.txt": "b\n" },
    });
    try {
      const abort = new AbortController();
      const outcome = analyze({
        repoDir: repo.dir,
        base: "main",
        head: "feature",
        config,
        noCache: true,
        signal: abort.signal,
      });
      await waitFor(async () => (await processesMatching(sleep)).length > 0, 30_000);
      const t0 = Date.now();
      abort.abort();
      const result = await outcome;
      expect(Date.now() - t0).toBeLessThan(1500);
      expect(result).toMatchObject({ ok: false, interrupted: true });
      await waitFor(async () => (await processesMatching(sleep)).length === 0, 2000);
    } finally {
      await repo.cleanup();
    }
  });

  it("an analysis aborted before it starts renders nothing", async () => {
    const repo = await makeRepo({ base: { "apps.yaml": SLOW_APP }, head: {} });
    try {
      const result = await analyze({ repoDir: repo.dir, base: "main", head: "feature", signal: AbortSignal.abort() });
      expect(result).toMatchObject({ ok: false, interrupted: true });
    } finally {
      await repo.cleanup();
    }
  });
});

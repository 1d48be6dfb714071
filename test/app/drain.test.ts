// The drain with the real analyze: a plugin still running when the grace period ends is killed
// (no process of it survives the drain), and the check says "Analysis interrupted", never a pass.
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import nock from "nock";
import { rm, writeFile } from "node:fs/promises";
import { analyze } from "../../src/analyze.js";
import { createApp, defaultQueue } from "../../src/app/create-app.js";
import { renderCheckOutput } from "../../src/core/report/render-check-output.js";
import { makeRepo } from "../scenario/scenario-repo.js";
import { processesMatching, uniqueSleep, waitFor } from "../support/processes.js";
import {
  Captured,
  mockCompleteCheckRun,
  mockCreateCheckRun,
  mockInstallationToken,
  mockRepoConfig,
} from "./support/github-api.js";
import { fakeDeps, pullRequestPayload, RecordingLogger, testProbot } from "./support/fixtures.js";
import { SLOW_APP } from "../support/slow-app.js";

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe("drain with the real analyze", () => {
  it("kills the plugin still running at the end of the grace period; the check says interrupted", async () => {
    const sleep = uniqueSleep();
    const repo = await makeRepo({
      base: { "apps.yaml": SLOW_APP, "apps/slow/a.txt": "a\n" },
      head: { "apps/slow/a.txt": "b\n" },
    });
    try {
      const serverConfigPath = `${repo.dir}-server.yml`;
      await writeFile(
        serverConfigPath,
        `plugins:\n  - name: slow\n    generate:\n      command: [sh, -c]\n      args: ["${sleep}"]\n`,
      );
      const fake = fakeDeps(() => {
        throw new Error("replaced below");
      });
      // The checkout is the local repository; its branches stand for the payload's commits.
      fake.deps.fetchPullRequest = async () => ({ repoDir: repo.dir, cleanup: async () => undefined });
      fake.deps.analyze = (params) => analyze({ ...params, base: "main", head: "feature", noCache: true });
      fake.deps.renderCheckOutput = renderCheckOutput;
      fake.deps.serverConfigPath = serverConfigPath;
      const probot = testProbot({ log: new RecordingLogger() });
      const queue = defaultQueue(fake.deps);
      await probot.load(createApp(fake.deps, { queue }));
      const [check, done] = [new Captured(), new Captured()];
      mockInstallationToken();
      mockCreateCheckRun(check);
      mockRepoConfig(undefined);
      mockCompleteCheckRun(done);

      await probot.receive({ id: "d", name: "pull_request", payload: pullRequestPayload("opened") } as never);
      await waitFor(async () => (await processesMatching(sleep)).length > 0, 30_000);
      const t0 = Date.now();
      await queue.close(100);
      expect(Date.now() - t0).toBeLessThan(1500);
      expect(await processesMatching(sleep)).toEqual([]);
      expect(done.last).toMatchObject({
        status: "completed",
        conclusion: "failure",
        output: { title: "Analysis interrupted" },
      });
    } finally {
      await rm(`${repo.dir}-server.yml`, { force: true });
      await repo.cleanup();
    }
  });
});

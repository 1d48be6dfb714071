// Issue 9, "Missing tools", in the app: the real analyze with helm missing fails the check with
// the reason (naming helm and how to install it), never a green "nothing deleted".
import { afterEach, beforeEach, expect, it } from "@jest/globals";
import nock from "nock";
import { analyze } from "../../src/analyze.js";
import { createApp, defaultQueue } from "../../src/app/create-app.js";
import { renderCheckOutput } from "../../src/core/report/render-check-output.js";
import {
  Captured,
  mockCompleteCheckRun,
  mockCreateCheckRun,
  mockGetPull,
  mockInstallationToken,
  mockListComments,
  mockRepoConfig,
} from "./support/github-api.js";
import { fakeDeps, pullRequestPayload, RecordingLogger, testProbot } from "./support/fixtures.js";

const saved = process.env.HELM_BIN;
beforeEach(() => {
  nock.disableNetConnect();
  process.env.HELM_BIN = "/nonexistent/helm";
});
afterEach(() => {
  if (saved === undefined) delete process.env.HELM_BIN;
  else process.env.HELM_BIN = saved;
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

it("helm missing: the check run fails with the reason", async () => {
  const fake = fakeDeps(() => {
    throw new Error("replaced below");
  });
  fake.deps.analyze = analyze;
  fake.deps.renderCheckOutput = renderCheckOutput;
  const [check, done] = [new Captured(), new Captured()];
  mockInstallationToken();
  mockCreateCheckRun(check);
  mockRepoConfig(undefined);
  mockGetPull({ headSha: pullRequestPayload("opened").pull_request.head.sha });
  mockListComments([]);
  mockCompleteCheckRun(done);
  const probot = testProbot({ log: new RecordingLogger() });
  const queue = defaultQueue(fake.deps);
  void probot.load(createApp(fake.deps, { queue }));

  await probot.receive({ id: "d", name: "pull_request", payload: pullRequestPayload("opened") } as never);
  await queue.idle();

  expect(done.last).toMatchObject({ status: "completed", conclusion: "failure" });
  const output = JSON.stringify(done.last.output);
  expect(output).toContain("helm not found at /nonexistent/helm (HELM_BIN)");
  expect(output).toContain("https://helm.sh/docs/intro/install/");
});

// Through `analyze` with the real helm and a disk cache: a planted Secret value (data and
// stringData, in a helm chart and in a plain directory) is in no cache file and no report, a
// cached side and a fresh side still compare Secrets by value, and a helm `fail` that prints a
// value known only from the other side's CACHED render is scrubbed.
import { describe, it, expect } from "@jest/globals";
import { execa } from "execa";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { SIDES_LAYOUT } from "../../../src/adapters/cache/side-snapshots.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyze } from "../../../src/analyze.js";
import { renderJson } from "../../../src/core/report/render-json.js";
import { renderMarkdown } from "../../../src/core/report/render-markdown.js";
import { renderHtml } from "../../../src/core/report/render-html.js";
import { runCli } from "../../../src/cli/run-cli.js";
import { application, makeRepo } from "../../scenario/scenario-repo.js";

const CHART_PW = "chart-pw-Zq81xv";
const CHART_TOKEN = "chart-token-Pk20aa";
const DIR_PW = "dir-pw-Hh73kk";
const DIR_TOKEN = "dir-token-Ww55qq";
const SAME = "same-bytes-Rr19mm";
const b64 = (s: string): string => Buffer.from(s).toString("base64");
const PLANTED = [CHART_PW, CHART_TOKEN, DIR_PW, DIR_TOKEN, SAME];

const chartSecret = [
  '{{- if .Values.fail }}{{ fail (printf "refusing password %s" .Values.password) }}{{- end }}',
  "apiVersion: v1",
  "kind: Secret",
  "metadata: { name: chart-creds }",
  "data:",
  "  password: {{ .Values.password | b64enc }}",
  "stringData:",
  "  token: {{ .Values.token }}",
  "",
].join("\n");

const base = {
  "apps.yaml": [
    application({ name: "chart", path: "apps/chart", destNs: "web" }),
    application({ name: "plain", path: "apps/plain", destNs: "web" }),
  ].join("---\n"),
  "apps/chart/Chart.yaml": "apiVersion: v2\nname: chart\nversion: 0.1.0\n",
  "apps/chart/values.yaml": `password: ${CHART_PW}\ntoken: ${CHART_TOKEN}\nfail: false\n`,
  "apps/chart/templates/secret.yaml": chartSecret,
  // names the Application group, so the chart is rendered while its side is built (not deferred)
  // and its failing render is part of the side a later analysis may keep
  "apps/chart/templates/NOTES.txt": "argoproj.io\n",
  "apps/plain/creds.yaml": `apiVersion: v1\nkind: Secret\nmetadata: { name: creds }\ndata: { password: ${b64(DIR_PW)} }\nstringData: { token: ${DIR_TOKEN} }\n`,
  "apps/plain/same.yaml": `apiVersion: v1\nkind: Secret\nmetadata: { name: same }\ndata: { k: ${b64(SAME)} }\n`,
};
const head = {
  // head's helm run fails, printing the password only base's (cached) render shows
  "apps/chart/values.yaml": `password: ${CHART_PW}\ntoken: ${CHART_TOKEN}\nfail: true\n`,
  // the same bytes written as stringData: no change; the token changed: a change
  "apps/plain/same.yaml": `apiVersion: v1\nkind: Secret\nmetadata: { name: same }\nstringData: { k: ${SAME} }\n`,
  "apps/plain/creds.yaml": `apiVersion: v1\nkind: Secret\nmetadata: { name: creds }\ndata: { password: ${b64(DIR_PW)} }\nstringData: { token: ${DIR_TOKEN}-2 }\n`,
};

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

function expectNoPlanted(text: string, where: string): void {
  for (const v of PLANTED)
    for (const form of [v, b64(v)]) if (text.includes(form)) throw new Error(`${where} holds ${form}`);
}

describe("Secret values and the render cache", () => {
  it("stores digests only, compares cached and fresh sides by value, and scrubs a value known only from the cache", async () => {
    const repo = await makeRepo({ base, head });
    const work = await mkdtemp(join(tmpdir(), "br-secret-cache-"));
    const cacheDir = join(work, "cache");
    const prevKeyFile = process.env.BLAST_RADIUS_CACHE_KEY_FILE;
    process.env.BLAST_RADIUS_CACHE_KEY_FILE = join(work, "state", "cache-key");
    try {
      // 1. base alone: its renders go to the cache.
      const warm = await analyze({ repoDir: repo.dir, base: "main", head: "main", cacheDir });
      expect(warm.ok).toBe(true);
      // 2. the pull request: base from the cache, head fresh.
      const out = await analyze({ repoDir: repo.dir, base: "main", head: "feature", cacheDir });
      if (!out.ok) throw new Error(out.error);
      const report = out.report;
      const chart = report.applications.find((a) => a.name === "chart")!;
      expect(chart.errors.map((e) => e.message).join("\n")).toContain("refusing password ***");
      const plain = report.applications.find((a) => a.name === "plain")!;
      expect(plain.resources.modified.map((r) => r.name)).toEqual(["creds"]);
      for (const [what, text] of [
        ["json", renderJson(report)],
        ["markdown", renderMarkdown(report)],
        ["html", renderHtml(report)],
      ] as const)
        expectNoPlanted(text, what);
      // 3. the CLI on the same cache: nothing on stdout or stderr either.
      let stdout = "";
      let stderr = "";
      const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
      await runCli(["analyze", "--repo", repo.dir, "--base", "main", "--head", "feature", "--format", "json"], io, {
        cacheDir,
      });
      expect(stdout).toContain("refusing password ***");
      expectNoPlanted(stdout, "stdout");
      expectNoPlanted(stderr, "stderr");
      // 4. the failing side as the base, its message kept with the side at the end of the analysis:
      //    the value it quotes is known only from head's render.
      //    (a cache of its own: nothing rendered before, so the failing render is fresh; the head
      //    branch `fixed` renders the chart again, its Secret holding that value)
      const git = (args: string[]) =>
        execa("git", ["-C", repo.dir, "-c", "user.name=t", "-c", "user.email=t@example.com", ...args]);
      await git(["checkout", "-q", "-b", "fixed", "feature"]);
      await writeFile(join(repo.dir, "apps/chart/values.yaml"), base["apps/chart/values.yaml"]);
      await git(["commit", "-qam", "fixed"]);
      const cacheDir2 = join(work, "cache2");
      const reversed = await analyze({ repoDir: repo.dir, base: "feature", head: "fixed", cacheDir: cacheDir2 });
      expect(reversed.ok).toBe(true);
      // the side, its reads, its index and its keys
      expect((await filesUnder(cacheDir2)).filter((f) => f.includes(`/${SIDES_LAYOUT}/`)).length).toBe(4);
      //    then a pull request no app can see on that base: the report of the side against
      //    itself is kept too (the failing app's message in it)
      await git(["checkout", "-q", "-b", "docs", "feature"]);
      await writeFile(join(repo.dir, "README.md"), "docs only\n");
      await git(["add", "README.md"]);
      await git(["commit", "-qm", "docs"]);
      for (let i = 0; i < 2; i++) {
        const docs = await analyze({ repoDir: repo.dir, base: "feature", head: "docs", cacheDir: cacheDir2 });
        if (!docs.ok) throw new Error(docs.error);
        expectNoPlanted(renderJson(docs.report), `the no-change report, run ${i + 1}`);
      }
      const kept = (await filesUnder(cacheDir2)).filter((f) => f.includes(`/${SIDES_LAYOUT}/`));
      expect(kept.length).toBe(5);
      for (const f of kept) expectNoPlanted((await readFile(f)).toString("latin1"), f);
      // 5. no cache file holds a value (kept sides included); the key is outside the cache
      //    directory, 0600.
      const files = await filesUnder(cacheDir);
      expect(files.filter((f) => f.includes(`/${SIDES_LAYOUT}/`)).length).toBeGreaterThanOrEqual(2);
      for (const f of files) expectNoPlanted((await readFile(f)).toString("latin1"), f);
      const { mode } = await import("node:fs").then((fs) => fs.statSync(join(work, "state", "cache-key")));
      expect(mode & 0o777).toBe(0o600);
    } finally {
      if (prevKeyFile === undefined) delete process.env.BLAST_RADIUS_CACHE_KEY_FILE;
      else process.env.BLAST_RADIUS_CACHE_KEY_FILE = prevKeyFile;
      await repo.cleanup();
      await rm(work, { recursive: true, force: true });
    }
  });
});

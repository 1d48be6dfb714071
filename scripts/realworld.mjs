#!/usr/bin/env node
// Runs `blast-radius analyze` on real pull requests kept as data outside this repository
// (../shared/realworld/cases/*.json: see its README). For developers, not part of `npm test`:
// a fresh clone has no such folder.
//
//   node scripts/realworld.mjs [--cases DIR] [--out DIR] [--format json|markdown|html] [name-filter]
//
// Each case becomes a git repository (base commit on its default branch, head commit on
// `pr`), analysed with the built CLI; reports land in --out (default .realworld/) as
// <case>.<format>, with the exit status in <case>.status.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [value] = args.splice(i, 2).slice(1);
  return value;
};
const casesDir = opt("--cases", join(root, "..", "shared", "realworld", "cases"));
const outDir = opt("--out", join(root, ".realworld"));
const format = opt("--format", "json");
const filter = args[0] ?? "";
mkdirSync(outDir, { recursive: true });

const git = (cwd, ...a) => {
  // Fixed dates: the same case gives the same commits, so reports can be compared byte for byte.
  const date = "2026-01-01T00:00:00Z";
  const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  const r = spawnSync("git", a, { cwd, encoding: "utf8", env });
  if (r.status !== 0) throw new Error(`git ${a.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
};
const writeFiles = (dir, files) => {
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    if (content === null) {
      rmSync(file, { force: true });
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof content === "string" ? content : Buffer.from(content.b64, "base64"));
  }
};

for (const name of readdirSync(casesDir)
  .filter((f) => f.endsWith(".json") && f.includes(filter))
  .sort()) {
  const c = JSON.parse(readFileSync(join(casesDir, name), "utf8"));
  // The diff-preview cases name no default branch: theirs is main (`git init -b undefined` made
  // the report read "into `undefined`").
  c.branch ??= "main";
  const dir = mkdtempSync(join(tmpdir(), `realworld-${c.name}-`));
  try {
    git(dir, "init", "-q", "-b", c.branch);
    git(dir, "config", "user.email", "realworld@example.com");
    git(dir, "config", "user.name", "realworld");
    git(dir, "remote", "add", "origin", c.origin);
    writeFiles(dir, c.base);
    if (c.config) writeFiles(dir, { ".github/argocd-blast-radius.yml": c.config });
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "base");
    for (const [tag, files] of Object.entries(c.tags ?? {})) {
      git(dir, "checkout", "-q", "--orphan", `tag-${tag}`);
      git(dir, "rm", "-rqf", ".");
      writeFiles(dir, files);
      git(dir, "add", "-A");
      git(dir, "commit", "-qm", `tag ${tag}`);
      git(dir, "tag", tag);
      git(dir, "checkout", "-q", c.branch);
    }
    git(dir, "checkout", "-q", "-b", "pr");
    writeFiles(dir, c.head);
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "head", "--allow-empty");
    const started = Date.now();
    const r = spawnSync(
      process.execPath,
      [
        join(root, "dist/cli/main.js"),
        "analyze",
        "--repo",
        dir,
        "--base",
        c.branch,
        "--head",
        "pr",
        "--format",
        format,
        "--quiet",
      ],
      { encoding: "utf8", maxBuffer: 1 << 30 },
    );
    writeFileSync(join(outDir, `${c.name}.${format === "markdown" ? "md" : format}`), r.stdout);
    writeFileSync(join(outDir, `${c.name}.status`), `${r.status}\n${r.stderr}`);
    console.log(`${c.name}: exit ${r.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

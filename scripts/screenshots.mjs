#!/usr/bin/env node
// Screenshots of the reports as a reviewer sees them, for looking at (not part of `npm test`):
// the comment's markdown rendered like GitHub (markdown-it + github-markdown-css; <details> stay
// folded as on GitHub, the mermaid block shows as its source) and the HTML report, both drawn by
// Debian's headless chromium. Cases: the incident example's pull requests and real-world cases.
//
//   npm run build && node scripts/screenshots.mjs [--out DIR] [realworld-case ...]
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import MarkdownIt from "markdown-it";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const outAt = args.indexOf("--out");
const outDir = outAt >= 0 ? args.splice(outAt, 2)[1] : join(root, ".screenshots");
const cases = args.length ? args : ["example-apps-0eb6d91", "example-apps-0d521c6", "many-appsets-df9ec4c"];
mkdirSync(outDir, { recursive: true });
const css = readFileSync(
  createRequire(import.meta.url).resolve("github-markdown-css/github-markdown-light.css"),
  "utf8",
);
const work = mkdtempSync(join(tmpdir(), "blast-radius-screenshots-"));

function chromiumShot(htmlFile, png, width, height) {
  const profile = mkdtempSync(join(work, "profile-"));
  const r = spawnSync(
    "chromium",
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      `--user-data-dir=${profile}`,
      "--hide-scrollbars",
      `--window-size=${width},${height}`,
      `--screenshot=${png}`,
      `file://${htmlFile}`,
    ],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`chromium: ${r.stderr}`);
  console.log(png);
}

/** GitHub's comment look: the markdown body at GitHub's comment width. */
function githubPage(markdown) {
  const md = new MarkdownIt({ html: true, linkify: true });
  const body = md.render(markdown.replace(/^<!--.*-->\n/gm, ""));
  return `<!doctype html><meta charset="utf-8"><style>${css}
body{margin:0;background:#fff}.markdown-body{box-sizing:border-box;max-width:900px;margin:0 auto;padding:24px;border:1px solid #d1d9e0;border-radius:6px}</style>
<article class="markdown-body">${body}</article>`;
}

/** A tall enough window for the whole page (chromium's CLI shoots the window only). */
const heightFor = (text, perLine) => Math.min(16000, Math.max(900, text.split("\n").length * perLine));

function shoot(name, markdown, html) {
  const mdFile = join(work, `${name}.md.html`);
  writeFileSync(mdFile, githubPage(markdown));
  chromiumShot(mdFile, join(outDir, `${name}-comment.png`), 960, heightFor(markdown, 17));
  const htmlFile = join(work, `${name}.html`);
  writeFileSync(htmlFile, html);
  chromiumShot(htmlFile, join(outDir, `${name}-html.png`), 1100, heightFor(html, 8));
}

try {
  // The incident example: each pull request analysed while open, as scripts/example.mjs does.
  const { buildExampleRepo } = await import(join(root, "dist/dev/examples/build-example-repo.js"));
  const repo = join(work, "incident");
  mkdirSync(repo);
  await buildExampleRepo({
    exampleDir: join(root, "examples", "incident"),
    targetDir: repo,
    onPullRequest: async (pr) => {
      const run = (format) =>
        spawnSync(
          process.execPath,
          [
            join(root, "dist/cli/main.js"),
            "analyze",
            "--repo",
            repo,
            "--base",
            pr.base,
            "--head",
            pr.head,
            "--format",
            format,
            "--quiet",
          ],
          { encoding: "utf8" },
        ).stdout;
      shoot(`incident-${pr.name}`, run("markdown"), run("html"));
    },
  });
  for (const c of cases) {
    const reports = {};
    for (const format of ["markdown", "html"]) {
      const dir = join(work, `rw-${format}`);
      spawnSync(process.execPath, [join(root, "scripts/realworld.mjs"), "--out", dir, "--format", format, c], {
        stdio: "ignore",
      });
      reports[format] = readFileSync(join(dir, `${c}.${format === "markdown" ? "md" : "html"}`), "utf8");
    }
    shoot(c, reports.markdown, reports.html);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

// The HTML report: self-contained, and what matters is visible when a real browser draws it
// (Debian's chromium, headless; no mock of it).
import { describe, expect, it } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderHtml } from "../../../src/core/report/render-html.js";
import type { Report } from "../../../src/core/model.js";
import { incidentReport, ref, SECRET_PLAIN, SECRET_VALUE } from "./fixtures.js";

function reportWithChanges(): Report {
  const r = incidentReport();
  return {
    ...r,
    changes: [
      {
        app: "tenant-b",
        ref: ref("Deployment", "tenant-b", "web", "apps"),
        paths: ["spec.replicas"],
        diff: "--- base\n+++ head\n@@ -3 +3 @@\n-  replicas: 3\n+  replicas: 1\n",
      },
      {
        app: "tenant-b",
        ref: ref("ConfigMap", "tenant-b", "huge"),
        paths: ["data.x"],
        diff: "diff too large (9000 lines)\n",
        diffTooLarge: 9000,
      },
    ],
  };
}

const CHROMIUM = "/usr/bin/chromium";

function chromium(args: string[]): string {
  const profile = mkdtempSync(join(tmpdir(), "blast-radius-chromium-"));
  try {
    const r = spawnSync(
      CHROMIUM,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        `--user-data-dir=${profile}`,
        ...args,
      ],
      { encoding: "utf8", timeout: 60_000 },
    );
    if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr.slice(0, 500)}`);
    return r.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

describe("renderHtml", () => {
  const html = renderHtml(reportWithChanges());

  it("is one self-contained file: no script, no external URL, a CSP that forbids fetching", () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link |src="http|href="http|@import/);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="blast-graph"');
    expect(html).toContain('<span class="add">+  replicas: 1</span>');
    expect(html).toContain("diff too large (9000 lines)");
    expect(html).not.toContain("```mermaid");
  });

  it("never carries a Secret value", () => {
    expect(html).not.toContain(SECRET_VALUE);
    expect(html).not.toContain(SECRET_PLAIN);
  });

  it("headless Chromium draws the graph and the diffs where a reader sees them", () => {
    const dir = mkdtempSync(join(tmpdir(), "blast-radius-html-"));
    try {
      // The probe needs a script, which the report's own CSP forbids: the copy drops the CSP only.
      const probe = `<script>
        const box = (el) => { if (!el) return null; const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
          return { w: r.width, h: r.height, visible: s.visibility !== "hidden" && s.display !== "none" && r.width > 0 && r.height > 0 }; };
        const nodes = document.querySelectorAll("svg.blast-graph .node");
        const added = [...document.querySelectorAll("pre.diff .add")];
        document.body.setAttribute("data-probe", JSON.stringify({
          graph: box(document.querySelector("svg.blast-graph")), nodes: nodes.length,
          diff: box(document.querySelector("pre.diff")), addedColour: added[0] ? getComputedStyle(added[0]).backgroundColor : "",
          addedText: added.map((a) => a.textContent) }));
      </script>`;
      const file = join(dir, "report.html");
      writeFileSync(
        file,
        html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, "").replace("</body>", `${probe}</body>`),
      );
      const dom = chromium(["--dump-dom", `file://${file}`]);
      const raw = /data-probe="([^"]*)"/.exec(dom)?.[1];
      expect(raw).toBeDefined();
      const probed = JSON.parse(raw!.replace(/&quot;/g, '"').replace(/&amp;/g, "&")) as {
        graph: { w: number; h: number; visible: boolean };
        nodes: number;
        diff: { visible: boolean };
        addedColour: string;
        addedText: string[];
      };
      expect(probed.graph.visible).toBe(true);
      expect(probed.graph.w).toBeGreaterThan(300);
      expect(probed.nodes).toBeGreaterThanOrEqual(3);
      expect(probed.diff.visible).toBe(true);
      expect(probed.addedText).toEqual(["+  replicas: 1"]);
      expect(probed.addedColour).toBe("rgb(218, 251, 225)");
      // And the unmodified file renders to a non-empty picture.
      const png = join(dir, "shot.png");
      const original = join(dir, "original.html");
      writeFileSync(original, html);
      chromium([`--screenshot=${png}`, "--window-size=1100,900", "--hide-scrollbars", `file://${original}`]);
      expect(statSync(png).size).toBeGreaterThan(20_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

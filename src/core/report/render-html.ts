// `--format html`: one self-contained file (no external asset, no script) with the whole report,
// every diff and the blast graph drawn as SVG. It is the comment's markdown without a budget,
// rendered by markdown-it: every user-controlled text in that markdown is already escaped, and
// markdown-it escapes code, so the only raw HTML is our own (<details>, <summary>).
import MarkdownIt from "markdown-it";
import type { Report } from "../model.js";
import { blastGraph } from "./blast-graph.js";
import { renderGraphSvg } from "./blast-graph-svg.js";
import { renderMarkdown } from "./render-markdown.js";
import { sortReport } from "./sort-report.js";

export function renderHtml(report: Report): string {
  const sorted = sortReport(report);
  const markdown = renderMarkdown(sorted, {
    maxChars: Number.MAX_SAFE_INTEGER,
    fullReportHint: "`blast-radius analyze --format json` has the full report",
    fullDiffHint: "too large to show; `blast-radius analyze --format json` lists its changed paths",
    diffLimits: { maxLines: Number.MAX_SAFE_INTEGER, maxChars: Number.MAX_SAFE_INTEGER },
  });
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
  const svg = sorted.deletions.length > 0 ? renderGraphSvg(blastGraph(sorted)) : "";
  md.renderer.rules.fence = (tokens, idx) => {
    const token = tokens[idx]!;
    const lang = token.info.trim();
    if (lang === "mermaid") return `<figure class="graph">${svg}</figure>\n`;
    if (lang === "diff") return `<pre class="diff"><code>${diffLines(token.content)}</code></pre>\n`;
    return `<pre><code>${md.utils.escapeHtml(token.content)}</code></pre>\n`;
  };
  const body = md.render(markdown).replace(/<details>/g, "<details open>");
  const title = `Argo CD blast radius: ${sorted.head.rev} into ${sorted.base.rev}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${md.utils.escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main class="report">
${body}</main>
</body>
</html>
`;
}

function diffLines(content: string): string {
  return content
    .replace(/\n$/, "")
    .split("\n")
    .map((l) => {
      const cls = /^(\+\+\+|---) /.test(l)
        ? "file"
        : l.startsWith("@@")
          ? "hunk"
          : l.startsWith("+")
            ? "add"
            : l.startsWith("-")
              ? "del"
              : "ctx";
      return `<span class="${cls}">${escapeHtml(l) || " "}</span>`;
    })
    .join("");
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const CSS = `
body{margin:0;background:#fff;color:#1f2328;font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif,"Noto Color Emoji"}
.report{max-width:1012px;margin:24px auto;padding:0 24px}
h2{font-size:1.5em;border-bottom:1px solid #d1d9e0;padding-bottom:.3em}
h3{font-size:1.25em;margin-top:24px}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eff1f3;border-radius:6px;padding:.2em .4em}
pre{background:#f6f8fa;border-radius:6px;padding:12px 16px;overflow:auto}
pre code{background:none;padding:0;font-size:12px;line-height:1.45}
pre.diff span{display:block}
pre.diff .add{background:#dafbe1;color:#116329}
pre.diff .del{background:#ffebe9;color:#82071e}
pre.diff .hunk{color:#0550ae;background:#ddf4ff}
pre.diff .file{color:#57606a;font-weight:600}
blockquote{margin:0;padding:0 1em;color:#59636e;border-left:.25em solid #d1d9e0}
details{margin:8px 0}
summary{cursor:pointer;font-weight:600}
figure.graph{margin:16px 0;overflow:auto;border:1px solid #d1d9e0;border-radius:6px;padding:8px}
figure.graph svg{max-width:100%;height:auto}
.blast-graph .node rect{fill:#f6f8fa;stroke:#57606a;stroke-width:1.2}
.blast-graph .node.app rect{fill:#ddf4ff;stroke:#0969da}
.blast-graph .node.count rect,.blast-graph .node.more rect{fill:#fff8c5;stroke:#9a6700}
.blast-graph .node.protected rect{stroke:#cf222e;stroke-width:2.4}
.blast-graph text{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;fill:#1f2328}
.blast-graph .edge{fill:none;stroke:#57606a;stroke-width:1.4}
.blast-graph .edge-label{font-size:11px;fill:#57606a}
`;

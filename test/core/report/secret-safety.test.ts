import { describe, expect, it } from "@jest/globals";
import type { Report } from "../../../src/core/model.js";
import { renderCheckOutput } from "../../../src/core/report/render-check-output.js";
import { renderJson } from "../../../src/core/report/render-json.js";
import { renderMarkdown } from "../../../src/core/report/render-markdown.js";
import { incidentReport, SECRET_PLAIN, SECRET_VALUE } from "./fixtures.js";

// The Report type carries no manifest bodies. This test goes further: it
// smuggles a Secret's manifest into every object a renderer touches, as a
// careless pipeline step might at runtime, and checks that no face prints it.
function reportWithSmuggledSecret(): Report {
  const secret = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "argocd-secret", namespace: "argocd" },
    data: { "admin.password": SECRET_VALUE },
    stringData: { "admin.password": SECRET_PLAIN },
  };
  const r = incidentReport();
  const smuggle = <T extends object>(o: T): T => Object.assign(o, { manifest: secret, obj: secret, data: secret.data });
  r.deletions.forEach((d) => {
    smuggle(d);
    smuggle(d.ref);
  });
  r.applications.forEach((a) => {
    smuggle(a);
    a.resources.removed.forEach(smuggle);
    a.resources.added.push(smuggle({ group: "", kind: "Secret", namespace: "tenant-b", name: "db-credentials" }));
  });
  r.findings.forEach((f) => f.refs.forEach(smuggle));
  smuggle(r);
  return r;
}

describe("Secret data never reaches a report face", () => {
  const report = reportWithSmuggledSecret();
  const check = renderCheckOutput(report);
  it.each<[string, string]>([
    ["markdown", renderMarkdown(report)],
    ["json", renderJson(report)],
    ["check summary", check.summary],
    ["check text", check.text],
  ])("%s names the Secret but never its value", (_, text) => {
    expect(text).toContain("argocd-secret");
    expect(text).not.toContain(SECRET_VALUE);
    expect(text).not.toContain(SECRET_PLAIN);
    expect(text).not.toContain("admin.password");
  });

  it("json lists the added Secret by ref only", () => {
    const json = JSON.parse(renderJson(report)) as Report;
    const added = json.applications.find((a) => a.name === "tenant-b")!.resources.added;
    expect(added).toEqual([{ group: "", kind: "Secret", namespace: "tenant-b", name: "db-credentials" }]);
  });
});

// A Secret value known from either side never reaches the report through an error message.
import { describe, expect, it } from "@jest/globals";
import { assembleReport } from "../../../src/core/assemble-report.js";
import { renderJson } from "../../../src/core/report/render-json.js";
import { renderMarkdown } from "../../../src/core/report/render-markdown.js";
import { scrubSecrets, secretGeneratorValues } from "../../../src/core/secrets/scrub-secrets.js";
import { app, config, side } from "../support/side-fixture.js";

const PLANTED = "planted-s3cret-value";
const secret = `apiVersion: v1\nkind: Secret\nmetadata: { name: creds, namespace: web }\ndata: { password: ${Buffer.from(PLANTED).toString("base64")} }\n`;

describe("secret scrubbing", () => {
  it("masks a value base renders in a Secret in head's helm fail message, in JSON and markdown", () => {
    const web = app({ name: "web" });
    const base = side({ apps: [{ app: web, manifests: secret }] });
    const head = side({ apps: [{ app: web, error: `helm: execution error: bad password ${PLANTED}` }] });
    const report = assembleReport({
      base,
      head,
      config: config(),
      revs: { base: { rev: "main", sha: "1".repeat(40) }, head: { rev: "f", sha: "2".repeat(40) } },
    });
    const json = renderJson(report);
    expect(json).toContain("bad password ***");
    expect(json).not.toContain(PLANTED);
    expect(renderMarkdown(report)).not.toContain(PLANTED);
  });

  it("knows secretGenerator literals and env-file values", () => {
    const values = secretGeneratorValues(
      { secretGenerator: [{ name: "s", literals: ["token=lit-s3cret", "bare-s3cret"], envs: ["s.env"] }] },
      (p) => (p === "s.env" ? "# c\nKEY=env-s3cret\n" : undefined),
    );
    expect(scrubSecrets("invalid literal bare-s3cret; lit-s3cret env-s3cret", values)).toBe(
      "invalid literal ***; *** ***",
    );
  });
});

// action.yml against INTERFACE.md section 5 and the entry that reads it: every input reaches the
// entry as INPUT_<NAME> (upper case, `-` kept), the outputs are the entry's, the last step runs
// dist/action/main.js, and every action it uses is pinned to a commit.
import { describe, expect, it } from "@jest/globals";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

describe("action.yml", () => {
  it("is the composite action of INTERFACE.md section 5", async () => {
    const action = parse(await readFile(join(root, "action.yml"), "utf8"));
    expect(action.runs.using).toBe("composite");
    expect(Object.fromEntries(Object.entries(action.inputs).map(([k, v]: [string, any]) => [k, v.default]))).toEqual({
      "github-token": "${{ github.token }}",
      config: "",
      comment: "true",
      check: "true",
      "fail-on": "block",
    });
    const steps = action.runs.steps as Record<string, any>[];
    const last = steps.at(-1)!;
    expect(last.run).toMatch(/node "\$GITHUB_ACTION_PATH\/dist\/action\/main\.js"$/);
    for (const name of Object.keys(action.inputs))
      expect(last.env[`INPUT_${name.toUpperCase()}`]).toBe(`\${{ inputs.${name} }}`);
    expect(Object.keys(action.outputs).sort()).toEqual(["deletions", "report", "verdict"]);
    for (const [name, o] of Object.entries<any>(action.outputs))
      expect(o.value).toBe(`\${{ steps.${last.id}.outputs.${name} }}`);
    for (const s of steps.filter((x) => x.uses)) expect(s.uses).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
    // Installed from source by the script this repository ships.
    expect(steps.some((s) => /scripts\/install-action\.sh/.test(s.run ?? ""))).toBe(true);
  });
});

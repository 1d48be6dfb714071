// Hostile ApplicationSets: every one is refused quickly, in one line, as this tool's bound (the
// report then says its Applications were not analysed), never by exhausting memory or time.
import { describe, expect, it } from "@jest/globals";
import { evaluateAppSet } from "../../../src/core/appset/evaluate-app-set.js";
import { DEFAULT_CONFIG } from "../../../src/config/defaults.js";
import type { AppSetSpec, Manifest } from "../../../src/core/model.js";
import { fakeSourceTrees } from "./fake-source-trees.js";

const list = (n: number, key: string): Record<string, unknown> => ({
  list: { elements: Array.from({ length: n }, (_x, i) => ({ [key]: `${key}${i}` })) },
});

function appSet(spec: Record<string, unknown>): AppSetSpec {
  const manifest: Manifest = {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "ApplicationSet",
    metadata: { name: "hostile", namespace: "argocd" },
    spec: {
      template: {
        metadata: { name: "{{a}}" },
        spec: { project: "default", source: { repoURL: "r", path: "p" }, destination: { namespace: "x" } },
      },
      ...spec,
    },
  };
  return {
    key: "argocd/hostile",
    name: "hostile",
    namespace: "argocd",
    origin: { kind: "file", file: "as.yaml" },
    manifest,
  };
}

async function evaluate(spec: Record<string, unknown>) {
  const started = Date.now();
  const result = await evaluateAppSet({ appSet: appSet(spec), config: DEFAULT_CONFIG, trees: fakeSourceTrees({}) });
  return { result, ms: Date.now() - started };
}

function goTemplate(name: string): Record<string, unknown> {
  return {
    goTemplate: true,
    generators: [list(1, "a")],
    template: {
      metadata: { name },
      spec: { project: "default", source: { repoURL: "r", path: "p" }, destination: { namespace: "x" } },
    },
  };
}

describe("bounds on ApplicationSet evaluation", () => {
  it("a matrix of three lists of 1,000 is refused before its product exists", async () => {
    const { result, ms } = await evaluate({
      generators: [
        { matrix: { generators: [{ matrix: { generators: [list(1000, "a"), list(1000, "b")] } }, list(1000, "c")] } },
      ],
    });
    expect(result).toMatchObject({ ok: false, reason: "cannot-evaluate" });
    expect(!result.ok && result.message).toMatch(/more than 20000 parameter sets/);
    expect(ms).toBeLessThan(20000);
  });

  it("a matrix whose second child is filtered away is bounded by the sets generated", async () => {
    const { result } = await evaluate({
      generators: [
        {
          matrix: {
            generators: [list(400, "a"), { ...list(400, "b"), selector: { matchLabels: { never: "x" } } }],
          },
        },
      ],
    });
    expect(!result.ok && result.message).toMatch(/more than 100000 parameter sets in all/);
  });

  it("a list of a million elements is refused without generating them", async () => {
    const { result, ms } = await evaluate({ generators: [list(1_000_000, "a")] });
    expect(!result.ok && result.reason).toBe("cannot-evaluate");
    expect(!result.ok && result.message).toMatch(/the list generator yields more than 20000/);
    expect(ms).toBeLessThan(5000);
  });

  it.each([
    ["repeat", '{{ repeat 1000000000 "x" }}', /repeat of 1000000000 times/],
    ["until", "{{ range until 1000000000 }}x{{ end }}", /until 1000000000/],
    ["range over a number", "{{ range 1000000000 }}x{{ end }}", /range over 1000000000/],
    ["nested loops", "{{ range until 10000 }}{{ range until 10000 }}{{ end }}{{ end }}", /more than 500000 steps/],
    ["output", '{{ range until 100 }}{{ repeat 1000000 "x" }}{{ end }}', /writes more than/],
  ])("a go-template with a huge %s is refused", async (_what, name, message) => {
    const { result, ms } = await evaluate(goTemplate(name));
    expect(result).toMatchObject({ ok: false, reason: "cannot-evaluate" });
    expect(!result.ok && result.message).toMatch(message);
    expect(ms).toBeLessThan(20000);
  });
});

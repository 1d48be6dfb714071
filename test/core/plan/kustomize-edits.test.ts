import { describe, it, expect } from "@jest/globals";
import { parse } from "yaml";
import {
  applyKustomizeEdits,
  needsKustomizeEdits,
  parseKustomizeImage,
} from "../../../src/core/plan/kustomize-edits.js";

const env = { ARGOCD_APP_NAME: "shop" };
const BASE =
  '# keep me\nresources:\n  - deploy.yaml\nimages:\n  - name: nginx\n    newTag: "1.0"\ncommonLabels:\n  app: web\n';

function edit(kustomize: Record<string, unknown>, text = BASE, exists: string[] = []) {
  const r = applyKustomizeEdits({ text, kustomize, env, componentExists: (c) => exists.includes(c) });
  return r.ok ? { ok: true as const, k: parse(r.text) as Record<string, unknown>, text: r.text } : r;
}

describe("parseKustomizeImage (kustomize edit set image syntax)", () => {
  it.each([
    ["nginx:1.2", { name: "nginx", newTag: "1.2" }],
    ["nginx=registry:5000/nginx:1.2", { name: "nginx", newName: "registry:5000/nginx", newTag: "1.2" }],
    ["nginx@sha256:abc", { name: "nginx", digest: "sha256:abc" }],
    ["nginx=other", { name: "nginx", newName: "other" }],
    ["registry:5000/nginx", { name: "registry:5000/nginx" }],
  ])("%s", (spec, expected) => {
    expect(parseKustomizeImage(spec)).toEqual(expected);
  });
});

describe("applyKustomizeEdits", () => {
  it("needs edits only when a field asks for one", () => {
    expect(needsKustomizeEdits(undefined)).toBe(false);
    expect(needsKustomizeEdits({ version: "v5" })).toBe(false);
    expect(needsKustomizeEdits({ namePrefix: "p-" })).toBe(true);
  });

  it("sets prefix, suffix, namespace and keeps comments", () => {
    const r = edit({ namePrefix: "p-", nameSuffix: "-s", namespace: "ns" });
    expect(r.ok && r.k).toMatchObject({
      namePrefix: "p-",
      nameSuffix: "-s",
      namespace: "ns",
      resources: ["deploy.yaml"],
    });
    expect(r.ok && r.text).toContain("# keep me");
  });

  it("updates an existing image and appends new ones, envsubst'd", () => {
    const r = edit({ images: ["nginx:2.0", "redis=cache/redis:$ARGOCD_APP_NAME"] });
    expect(r.ok && r.k.images).toEqual([
      { name: "nginx", newTag: "2.0" },
      { name: "redis", newName: "cache/redis", newTag: "shop" },
    ]);
  });

  it("sets replicas", () => {
    const r = edit({
      replicas: [
        { name: "web", count: 3 },
        { name: "api", count: "2" },
      ],
    });
    expect(r.ok && r.k.replicas).toEqual([
      { name: "web", count: 3 },
      { name: "api", count: 2 },
    ]);
  });

  it.each([
    [{ commonLabels: { team: "$ARGOCD_APP_NAME" } }, { commonLabels: { app: "web", team: "shop" } }],
    [{ commonLabels: { app: "api" }, forceCommonLabels: true }, { commonLabels: { app: "api" } }],
    [
      { commonLabels: { team: "t" }, labelWithoutSelector: true },
      { commonLabels: { app: "web" }, labels: [{ pairs: { team: "t" } }] },
    ],
    [
      { commonLabels: { team: "t" }, labelWithoutSelector: true, labelIncludeTemplates: true },
      { labels: [{ pairs: { team: "t" }, includeTemplates: true }] },
    ],
    [{ commonAnnotations: { a: "$ARGOCD_APP_NAME" } }, { commonAnnotations: { a: "$ARGOCD_APP_NAME" } }],
    [
      { commonAnnotations: { a: "$ARGOCD_APP_NAME" }, commonAnnotationsEnvsubst: true },
      { commonAnnotations: { a: "shop" } },
    ],
  ])("labels and annotations %j", (kustomize, expected) => {
    const r = edit(kustomize);
    expect(r.ok && r.k).toMatchObject(expected);
  });

  it("refuses to overwrite a label without force", () => {
    expect(edit({ commonLabels: { app: "api" } })).toEqual({
      ok: false,
      error: "label app already in kustomization file",
    });
  });

  it("appends patches and components", () => {
    const r = edit(
      {
        patches: [{ path: "p.yaml", target: { kind: "Deployment" } }],
        components: ["c1", "gone"],
        ignoreMissingComponents: true,
      },
      BASE,
      ["c1"],
    );
    expect(r.ok && r.k).toMatchObject({
      patches: [{ path: "p.yaml", target: { kind: "Deployment" } }],
      components: ["c1"],
    });
    expect(edit({ components: ["gone"] })).toEqual({ ok: false, error: "component gone does not exist" });
  });

  it("works on an empty kustomization", () => {
    const r = edit({ namePrefix: "p-" }, "");
    expect(r.ok && r.k).toEqual({ namePrefix: "p-" });
  });
});

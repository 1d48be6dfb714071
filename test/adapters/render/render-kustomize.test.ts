import { afterAll, beforeAll, describe, it, expect } from "@jest/globals";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { renderOne, names } from "./support/render-one.js";
import { makeConfig, writeTree, REPO } from "./support/fixtures.js";

const BASE = {
  "base/kustomization.yaml": "resources:\n  - deploy.yaml\n  - cm.yaml\n",
  "base/deploy.yaml": [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: web",
    "spec:",
    "  replicas: 1",
    "  selector: { matchLabels: { app: web } }",
    "  template:",
    "    metadata: { labels: { app: web } }",
    "    spec: { containers: [{ name: web, image: nginx:1.25 }] }",
    "",
  ].join("\n"),
  "base/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n",
  "overlays/prod/kustomization.yaml": "resources:\n  - ../../base\nnamePrefix: prod-\n",
  "overlays/prod/components/extra/kustomization.yaml":
    "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - extra.yaml\n",
  "overlays/prod/components/extra/extra.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n",
};

describe("kustomize sources", () => {
  it("builds from the repository root without passing the destination namespace", async () => {
    const dir = await writeTree(BASE);
    const r = await renderOne({ dir, destNamespace: "prod", sources: [{ repoURL: REPO, path: "overlays/prod" }] });
    expect(r.error).toBeUndefined();
    expect(names(r.manifests).sort()).toEqual(["ConfigMap/prod-cfg", "Deployment/prod-web"]);
    for (const m of r.manifests) expect((m.metadata as { namespace?: string }).namespace).toBeUndefined();
    expect(r.sources[0]).toMatchObject({ status: "rendered", tool: "kustomize" });
  });

  it("applies Argo CD's edits on a private copy and leaves the checkout untouched", async () => {
    const dir = await writeTree(BASE);
    const before = await readFile(join(dir, "overlays/prod/kustomization.yaml"), "utf8");
    const r = await renderOne({
      dir,
      name: "shop",
      sources: [
        {
          repoURL: REPO,
          path: "overlays/prod",
          kustomize: {
            namePrefix: "x-",
            nameSuffix: "-v1",
            images: ["nginx=registry.example.com/nginx:1.27"],
            replicas: [{ name: "web", count: 4 }],
            commonLabels: { team: "$ARGOCD_APP_NAME" },
            commonAnnotations: { note: "$ARGOCD_APP_NAME" },
            namespace: "kns",
            components: ["components/extra", "components/missing"],
            ignoreMissingComponents: true,
            patches: [
              {
                target: { kind: "ConfigMap", name: "cfg" },
                patch: '- op: add\n  path: /data\n  value: { patched: "yes" }\n',
              },
            ],
          },
        },
      ],
    });
    expect(r.error).toBeUndefined();
    expect(names(r.manifests).sort()).toEqual(["ConfigMap/x-cfg-v1", "ConfigMap/x-extra-v1", "Deployment/x-web-v1"]);
    const deploy = r.manifests.find((m) => m.kind === "Deployment") as {
      metadata: { namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
      spec: { replicas: number; template: { spec: { containers: { image: string }[] } } };
    };
    expect(deploy.metadata.namespace).toBe("kns");
    expect(deploy.metadata.labels.team).toBe("shop");
    // annotations are envsubst'd only with commonAnnotationsEnvsubst
    expect(deploy.metadata.annotations.note).toBe("$ARGOCD_APP_NAME");
    expect(deploy.spec.replicas).toBe(4);
    expect(deploy.spec.template.spec.containers[0]!.image).toBe("registry.example.com/nginx:1.27");
    const cfg = r.manifests.find((m) => (m.metadata as { name: string }).name === "x-cfg-v1") as {
      data: Record<string, string>;
    };
    expect(cfg.data.patched).toBe("yes");
    expect(await readFile(join(dir, "overlays/prod/kustomization.yaml"), "utf8")).toBe(before);
  });

  it("a missing component is an error without ignoreMissingComponents", async () => {
    const dir = await writeTree(BASE);
    const r = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "overlays/prod", kustomize: { components: ["components/missing"] } }],
    });
    expect(r.error).toMatch(/^kustomize: component components\/missing does not exist/);
  });

  it("reports a kustomize failure as kustomize's own reason", async () => {
    const dir = await writeTree({ "k/kustomization.yaml": "resources:\n  - nothere.yaml\n" });
    const r = await renderOne({ dir, sources: [{ repoURL: REPO, path: "k" }] });
    expect(r.error).toMatch(/^kustomize: .*nothere\.yaml/);
    expect(r.error).not.toContain(dir);
  });

  it("never quotes a secretGenerator literal kustomize rejects", async () => {
    const dir = await writeTree({
      "base/kustomization.yaml":
        "secretGenerator:\n  - name: creds\n    literals:\n      - password=fine\n      - hunter2-no-equals-sign\n",
      "k/kustomization.yaml": "resources:\n  - ../base\n",
    });
    const r = await renderOne({ dir, sources: [{ repoURL: REPO, path: "k" }] });
    // kustomize's own words, without the value: "invalid literal source ***, expected key=value"
    expect(r.error).toMatch(/^kustomize: .*invalid literal source \*\*\*, expected key=value/);
    expect(r.error).not.toContain("hunter2");
  });

  it("passes kustomize.buildOptions", async () => {
    const dir = await writeTree({
      "k/kustomization.yaml": "resources:\n  - ../shared/cm.yaml\n",
      "shared/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n",
    });
    const strict = await renderOne({ dir, sources: [{ repoURL: REPO, path: "k" }] });
    expect(strict.error).toMatch(/^kustomize: /);
    const loose = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "k" }],
      config: makeConfig({}, { kustomizeBuildOptions: "--load-restrictor LoadRestrictionsNone" }),
    });
    expect(loose.error).toBeUndefined();
    expect(names(loose.manifests)).toEqual(["ConfigMap/shared"]);
  });

  it("kustomize wins over Chart.yaml at the app root", async () => {
    const dir = await writeTree({
      "both/Chart.yaml": "apiVersion: v2\nname: x\nversion: 0.1.0\n",
      "both/kustomization.yaml": "resources:\n  - cm.yaml\n",
      "both/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-kustomize\n",
    });
    const r = await renderOne({ dir, sources: [{ repoURL: REPO, path: "both" }] });
    expect(r.sources[0]).toMatchObject({ status: "rendered", tool: "kustomize" });
    expect(names(r.manifests)).toEqual(["ConfigMap/from-kustomize"]);
  });

  it("inflates helmCharts with --enable-helm, passing the kube version, on a private copy", async () => {
    const dir = await writeTree({
      "k/kustomization.yaml":
        "helmGlobals:\n  chartHome: charts\nhelmCharts:\n  - name: web\n    releaseName: rel\n    namespace: hns\n",
      "k/charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
      "k/charts/web/values.yaml": "{}\n",
      "k/charts/web/templates/cm.yaml":
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n  namespace: {{ .Release.Namespace }}\ndata:\n  kube: {{ .Capabilities.KubeVersion.Version | quote }}\n",
    });
    const r = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "k" }],
      config: makeConfig({ kubeVersion: "1.30.1" }, { kustomizeBuildOptions: "--enable-helm" }),
    });
    expect(r.error).toBeUndefined();
    expect(names(r.manifests)).toEqual(["ConfigMap/rel"]);
    expect(r.manifests[0]!.data).toEqual({ kube: "v1.30.1" });
    expect((r.manifests[0]!.metadata as { namespace: string }).namespace).toBe("hns");
  });
});

describe("kustomize reads only the repository", () => {
  const outside = async () => {
    const host = await writeTree({ "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-the-host\n" });
    return join(host, "cm.yaml");
  };

  it("its load restrictor refuses a file outside the kustomization by default", async () => {
    const file = await outside();
    const dir = await writeTree({ "app/kustomization.yaml": `resources:\n  - ${"../".repeat(12)}${file.slice(1)}\n` });
    const r = await renderOne({ dir, sources: [{ repoURL: REPO, path: "app" }] });
    expect(r.error).toMatch(/is not in or below/);
    expect(r.manifests).toEqual([]);
  });

  it.each([
    ["../ past the root", (f: string) => `${"../".repeat(12)}${f.slice(1)}`],
    ["an absolute path", (f: string) => f],
  ])("with --load-restrictor LoadRestrictionsNone, %s is refused before kustomize runs", async (_n, ref) => {
    const file = await outside();
    const dir = await writeTree({ "app/kustomization.yaml": `resources:\n  - ${ref(file)}\n` });
    const r = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "app" }],
      config: makeConfig({}, { kustomizeBuildOptions: "--load-restrictor LoadRestrictionsNone" }),
    });
    expect(r.error).toBe(`kustomize: kustomize reference ${ref(file)} leaves the repository: refused, nothing read`);
    expect(r.manifests).toEqual([]);
  });

  it("with LoadRestrictionsNone, a file elsewhere in the repository is still read", async () => {
    const dir = await writeTree({
      "app/kustomization.yaml": "resources:\n  - ../shared/cm.yaml\n",
      "shared/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n",
    });
    const r = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "app" }],
      config: makeConfig({}, { kustomizeBuildOptions: "--load-restrictor LoadRestrictionsNone" }),
    });
    expect(names(r.manifests)).toEqual(["ConfigMap/shared"]);
  });
});

describe("kustomize remote resources and the network policy", () => {
  // A pull request adds a kustomization naming a service on the host's loopback: kustomize used to
  // fetch it (Go never sends loopback targets to a proxy).
  let server: Server;
  let url = "";
  const hits: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? "");
      res.end("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-loopback\n");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cm.yaml`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const tree = () => ({
    "app/kustomization.yaml": "resources:\n  - ../base\n",
    "base/kustomization.yaml": `resources:\n  - cm.yaml\n  - ${url}\n`,
    "base/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local\n",
  });

  it("does not reach 127.0.0.1 by default, and says which host and how to allow it", async () => {
    const before = hits.length;
    const r = await renderOne({ dir: await writeTree(tree()), sources: [{ repoURL: REPO, path: "app" }] });
    expect(r.sources[0]).toEqual({
      status: "skipped",
      kind: "refused-by-policy",
      unavailable: true,
      reason: "kustomize: network: refused 127.0.0.1: it is a loopback address; list it in network.allow to fetch it",
    });
    expect(hits.length).toBe(before);
  });

  it("reaches it with network.allow: [127.0.0.1]", async () => {
    const before = hits.length;
    const r = await renderOne({
      dir: await writeTree(tree()),
      sources: [{ repoURL: REPO, path: "app" }],
      config: { ...makeConfig(), network: { offline: false, allow: ["127.0.0.1"] } },
    });
    expect(r.error).toBeUndefined();
    expect(names(r.manifests).sort()).toEqual(["ConfigMap/from-loopback", "ConfigMap/local"]);
    expect(hits.length).toBe(before + 1);
  });
});

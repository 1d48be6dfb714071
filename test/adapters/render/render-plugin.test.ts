import { describe, it, expect, afterEach } from "@jest/globals";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { PluginConfig } from "../../../src/config/schema.js";
import { renderOne, names } from "./support/render-one.js";
import { makeConfig, writeTree, REPO } from "./support/fixtures.js";

const NS_CHART = {
  "app/Chart.yaml": "apiVersion: v2\nname: nsapp\nversion: 0.1.0\n",
  "app/templates/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {{ .Release.Namespace }}\n",
  "app/plugin.marker": "",
};

const helmNoNs: PluginConfig = {
  name: "helm-plain",
  generate: { command: ["sh", "-c"], args: ["helm template rel ."] },
};
const helmWithNs: PluginConfig = {
  name: "helm-ns",
  generate: { command: ["sh", "-c"], args: ['helm template rel . -n "$ARGOCD_APP_NAMESPACE"'] },
};

/** A plugin that prints its whole environment as a ConfigMap. */
const envDump: PluginConfig = {
  name: "env-dump",
  version: "v1",
  init: { command: ["sh", "-c", "echo initialised > init.out"] },
  generate: {
    command: ["sh", "-c"],
    args: [
      'printf "apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: env\\ndata:\\n  init: \\"%s\\"\\n  env: |\\n" "$(cat init.out)"; env | sort | sed "s/^/    /"',
    ],
  },
};

function pluginConfig(plugins: PluginConfig[], extra: Parameters<typeof makeConfig>[0] = {}) {
  return makeConfig({ plugins, ...extra });
}

function envOf(manifest: Record<string, unknown>): Record<string, string> {
  const text = (manifest.data as { env: string }).env;
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const i = line.indexOf("=");
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

describe("config management plugins", () => {
  const secret = "BLAST_RADIUS_TEST_SECRET";
  afterEach(() => {
    delete process.env[secret];
  });

  it("helm without -n inside a plugin gets the repo-server namespace", async () => {
    const dir = await writeTree(NS_CHART);
    const r = await renderOne({
      dir,
      destNamespace: "payments",
      sources: [{ repoURL: REPO, path: "app", plugin: { name: "helm-plain" } }],
      config: pluginConfig([helmNoNs], { repoServerNamespace: "argocd" }),
    });
    expect(r.error).toBeUndefined();
    expect(names(r.manifests)).toEqual(["Namespace/argocd"]);
    const other = await renderOne({
      dir,
      destNamespace: "payments",
      sources: [{ repoURL: REPO, path: "app", plugin: { name: "helm-plain" } }],
      config: pluginConfig([helmNoNs], { repoServerNamespace: "default" }),
    });
    expect(names(other.manifests)).toEqual(["Namespace/default"]);
  });

  it("helm -n $ARGOCD_APP_NAMESPACE inside a plugin gets the destination namespace", async () => {
    const dir = await writeTree(NS_CHART);
    const r = await renderOne({
      dir,
      destNamespace: "payments",
      sources: [{ repoURL: REPO, path: "app", plugin: { name: "helm-ns" } }],
      config: pluginConfig([helmWithNs]),
    });
    expect(names(r.manifests)).toEqual(["Namespace/payments"]);
  });

  it("gives the plugin Argo CD's variables and nothing of the bot's environment", async () => {
    process.env[secret] = "s3cr3t-token";
    const dir = await writeTree({ "app/x.txt": "" });
    const r = await renderOne({
      dir,
      name: "shop",
      destNamespace: "payments",
      sources: [
        {
          repoURL: REPO,
          path: "app",
          targetRevision: "main",
          plugin: {
            name: "env-dump-v1",
            env: [{ name: "GREETING", value: "hi-$ARGOCD_APP_NAME" }],
            parameters: [
              { name: "size", string: "big" },
              { name: "tags", array: ["a", "b"] },
              { name: "labels", map: { "team-name": "blue" } },
            ],
          },
        },
      ],
      config: pluginConfig([envDump], { kubeVersion: "v1.31", apiVersions: ["apps/v1", "batch/v1"] }),
    });
    expect(r.error).toBeUndefined();
    const cm = r.manifests[0]!;
    expect((cm.data as { init: string }).init).toBe("initialised");
    const env = envOf(cm);
    expect(Object.values(env).join("\n")).not.toContain("s3cr3t-token");
    expect(env[secret]).toBeUndefined();
    expect(env).toMatchObject({
      ARGOCD_APP_NAME: "shop",
      ARGOCD_APP_NAMESPACE: "payments",
      ARGOCD_APP_PROJECT_NAME: "default",
      ARGOCD_APP_REVISION: "0123456789abcdef0123456789abcdef01234567",
      ARGOCD_APP_REVISION_SHORT: "0123456",
      ARGOCD_APP_REVISION_SHORT_8: "01234567",
      ARGOCD_APP_SOURCE_PATH: "app",
      ARGOCD_APP_SOURCE_REPO_URL: REPO,
      ARGOCD_APP_SOURCE_TARGET_REVISION: "main",
      KUBE_VERSION: "1.31.0",
      KUBE_API_VERSIONS: "apps/v1,batch/v1",
      ARGOCD_ENV_GREETING: "hi-shop",
      PARAM_SIZE: "big",
      PARAM_TAGS_0: "a",
      PARAM_TAGS_1: "b",
      PARAM_LABELS_TEAM_NAME: "blue",
    });
    expect(JSON.parse(env.ARGOCD_APP_PARAMETERS!)).toHaveLength(3);
    const allowed = new Set(["PATH", "HOME", "TMPDIR", "KUBECONFIG", "PWD", "SHLVL", "_", "OLDPWD"]);
    // the network policy's proxy and git's limits (tool-network-env.ts)
    const network =
      /^((HTTPS?|ALL|NO)_PROXY|(https?|all|no)_proxy|GIT_(ALLOW_PROTOCOL|CONFIG_(COUNT|NOSYSTEM|KEY_0|VALUE_0)|TERMINAL_PROMPT))$/;
    expect(env.HTTPS_PROXY).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const unexpected = Object.keys(env).filter(
      (k) => !allowed.has(k) && !network.test(k) && !/^(ARGOCD_|KUBE_VERSION$|KUBE_API_VERSIONS$|PARAM_)/.test(k),
    );
    expect(unexpected).toEqual([]);
    const kubeconfig = parseYaml(await readFile(env.KUBECONFIG!, "utf8").catch(() => "")) as unknown;
    // the run's private files are gone afterwards
    expect(kubeconfig).toBeNull();
  });

  it("offers a kustomize command that runs kubectl kustomize", async () => {
    const dir = await writeTree({
      "k/kustomization.yaml": "resources:\n  - cm.yaml\nnamePrefix: p-\n",
      "k/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
    });
    const plugin: PluginConfig = { name: "kust", generate: { command: ["sh", "-c", "kustomize build ."] } };
    const r = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "k", plugin: { name: "kust" } }],
      config: pluginConfig([plugin]),
    });
    expect(r.error).toBeUndefined();
    expect(names(r.manifests)).toEqual(["ConfigMap/p-c"]);
  });

  it("runs in a private copy: the checkout is never written", async () => {
    const dir = await writeTree({ "app/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n" });
    const plugin: PluginConfig = {
      name: "writer",
      generate: {
        command: [
          "sh",
          "-c",
          "echo changed > cm.yaml; cat cm.yaml >/dev/null; printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: ok\\n'",
        ],
      },
    };
    const r = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "app", plugin: { name: "writer" } }],
      config: pluginConfig([plugin]),
    });
    expect(names(r.manifests)).toEqual(["ConfigMap/ok"]);
    expect(await readFile(join(dir, "app/cm.yaml"), "utf8")).toContain("kind: ConfigMap");
  });

  it("a plugin the configuration does not have is skipped as not configured", async () => {
    const dir = await writeTree({ "app/x.yaml": "" });
    const r = await renderOne({ dir, sources: [{ repoURL: REPO, path: "app", plugin: { name: "vault" } }] });
    expect(r.sources[0]).toEqual({ status: "skipped", notConfigured: true, reason: "plugin vault is not configured" });
    expect(r.incomplete).toBe("plugin vault is not configured");
    expect(r.error).toBeUndefined();
  });

  it("is discovered by fileName before Chart.yaml detection", async () => {
    const dir = await writeTree(NS_CHART);
    const plugin: PluginConfig = { ...helmNoNs, discover: { fileName: "*.marker" } };
    const r = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "app" }],
      config: pluginConfig([plugin], { repoServerNamespace: "argocd" }),
    });
    expect(r.sources[0]).toMatchObject({ status: "rendered", tool: "plugin" });
    const nomatch = await renderOne({
      dir,
      destNamespace: "x",
      sources: [{ repoURL: REPO, path: "app" }],
      config: pluginConfig([{ ...helmNoNs, discover: { fileName: "*.nothing" } }]),
    });
    expect(nomatch.sources[0]).toMatchObject({ status: "rendered", tool: "helm" });
  });

  it("is discovered by find.command", async () => {
    const dir = await writeTree(NS_CHART);
    const plugin: PluginConfig = { ...helmNoNs, discover: { find: { command: ["sh", "-c", "ls plugin.marker"] } } };
    const r = await renderOne({ dir, sources: [{ repoURL: REPO, path: "app" }], config: pluginConfig([plugin]) });
    expect(r.sources[0]).toMatchObject({ status: "rendered", tool: "plugin" });
  });

  it("a failing plugin is an error with its last stderr line", async () => {
    const dir = await writeTree({ "app/x.yaml": "" });
    const plugin: PluginConfig = {
      name: "bad",
      generate: { command: ["sh", "-c", "echo working >&2; echo 'vault: permission denied' >&2; exit 3"] },
    };
    const r = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "app", plugin: { name: "bad" } }],
      config: pluginConfig([plugin]),
    });
    expect(r.error).toBe("plugin bad: vault: permission denied");
  });

  it("kills a plugin that runs past the timeout", async () => {
    const dir = await writeTree({ "app/x.yaml": "" });
    const plugin: PluginConfig = { name: "slow", generate: { command: ["sh", "-c", "sleep 30 & sleep 30"] } };
    const started = Date.now();
    const r = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "app", plugin: { name: "slow" } }],
      config: makeConfig({ plugins: [plugin] }, {}, { timeoutSeconds: 1 }),
    });
    expect(r.error).toBe("plugin slow: timed out after 1s (killed)");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("kills a plugin whose output exceeds the cap", async () => {
    const dir = await writeTree({ "app/x.yaml": "" });
    const plugin: PluginConfig = { name: "loud", generate: { command: ["sh", "-c", "yes 'a: b' | head -c 10000000"] } };
    const r = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "app", plugin: { name: "loud" } }],
      config: makeConfig({ plugins: [plugin] }, {}, { maxOutputBytes: 4096 }),
    });
    expect(r.error).toBe("plugin loud: output exceeded 4096 bytes (killed)");
  });

  it("a document without kind fails the whole generation", async () => {
    const dir = await writeTree({ "app/x.yaml": "" });
    const plugin: PluginConfig = {
      name: "nokind",
      generate: {
        command: ["sh", "-c", "printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: a}\\n---\\nfoo: bar\\n'"],
      },
    };
    const r = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "app", plugin: { name: "nokind" } }],
      config: pluginConfig([plugin]),
    });
    expect(r.manifests).toEqual([]);
    expect(r.error).toMatch(/^plugin nokind: .*Object 'Kind' is missing/);
  });

  it("a named plugin whose discover rule does not match fails, as the repo-server does", async () => {
    const dir = await writeTree({ "app/x.yaml": "" });
    const plugin: PluginConfig = { ...helmNoNs, discover: { fileName: "Chart.yaml" } };
    const r = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "app", plugin: { name: "helm-plain" } }],
      config: pluginConfig([plugin]),
    });
    expect(r.error).toMatch(
      /^plugin helm-plain: couldn't find cmp-server plugin with name "helm-plain" supporting the given repository/,
    );
  });

  it("an unnamed plugin block with no discoverable plugin is skipped as not configured", async () => {
    const dir = await writeTree({ "app/x.yaml": "" });
    const r = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "app", plugin: {} }],
      config: pluginConfig([helmNoNs]),
    });
    expect(r.sources[0]).toMatchObject({ status: "skipped", notConfigured: true });
  });

  it("a plugin command that does not exist is an error naming it", async () => {
    const dir = await writeTree({ "app/x.yaml": "" });
    const plugin: PluginConfig = { name: "ghost", generate: { command: ["no-such-binary-xyz"] } };
    const r = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "app", plugin: { name: "ghost" } }],
      config: pluginConfig([plugin]),
    });
    expect(r.error).toBe("plugin ghost: command not found: no-such-binary-xyz");
    expect(r.errorKind).toBe("missing-tool");
  });
});

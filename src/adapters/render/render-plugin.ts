// A Config Management Plugin, run as the sidecar would (argo-cd:cmpserver/plugin/plugin.go
// (generateManifest, runCommand)): `init` then `generate`, in the app directory of a PRIVATE copy
// of the repository, with Argo CD's variables and NOTHING of the bot's environment.
import { join } from "node:path";
import type { SourceRender } from "../../core/model.js";
import type { PluginConfig } from "../../config/schema.js";
import { buildPluginEnv } from "../../core/plan/build-plugin-env.js";
import { pluginFullName } from "../../core/plan/select-plugin.js";
import { isRecord } from "../../core/argocd/manifest.js";
import { splitManifests } from "../../core/render/split-manifests.js";
import { runTool, type RunToolResult } from "../exec/run-tool.js";
import { sanitizeMessage } from "./sanitize-message.js";
import { refusedSource, remainingMs, sourceError, type SourceContext } from "./source-context.js";

type Command = NonNullable<PluginConfig["init"]>;

/** The environment a plugin command sees: the sandbox (PATH with helm and kustomize, private HOME
 *  and TMPDIR, a kubeconfig naming repoServerNamespace) plus Argo CD's plugin variables. */
export async function pluginEnvironment(ctx: SourceContext): Promise<Record<string, string>> {
  const sandbox = await ctx.sandbox();
  const plugin = isRecord(ctx.source.plugin) ? ctx.source.plugin : undefined;
  return {
    ...sandbox.env,
    ...buildPluginEnv({
      appEnv: ctx.env,
      kubeVersion: ctx.config.kubeVersion,
      apiVersions: ctx.config.apiVersions,
      plugin,
    }),
  };
}

export async function runPluginCommand(params: {
  ctx: SourceContext;
  command: Command;
  label: string;
}): Promise<RunToolResult> {
  const { ctx, command } = params;
  const root = await ctx.privateRoot();
  const [cmd, ...rest] = command.command;
  return runTool({
    cmd: cmd!,
    args: [...rest, ...(command.args ?? [])],
    cwd: join(root, ctx.appPath),
    env: await pluginEnvironment(ctx),
    timeoutMs: remainingMs(ctx),
    maxOutputBytes: ctx.config.render.maxOutputBytes,
    network: { policy: ctx.config.network },
    memoryMiB: ctx.config.render.memoryMiB,
    label: params.label,
    signal: ctx.signal,
  });
}

export async function renderPlugin(params: { ctx: SourceContext; plugin: PluginConfig }): Promise<SourceRender> {
  const { ctx, plugin } = params;
  const label = `plugin ${pluginFullName(plugin)}`;
  const root = await ctx.privateRoot();
  const sandbox = await ctx.sandbox();
  const clean = (msg: string) => sanitizeMessage(msg, [root, ctx.rootDir, sandbox.root]);
  if (plugin.init) {
    const init = await runPluginCommand({ ctx, command: plugin.init, label });
    if (!init.ok && init.error.failure === "refused-by-policy") return refusedSource(clean(init.error.message));
    if (!init.ok) return sourceError("plugin", init.error.failure, clean(init.error.message));
  }
  const gen = await runPluginCommand({ ctx, command: plugin.generate, label });
  if (!gen.ok && gen.error.failure === "refused-by-policy") return refusedSource(clean(gen.error.message));
  if (!gen.ok) return sourceError("plugin", gen.error.failure, clean(gen.error.message));
  const split = splitManifests(gen.stdout);
  if (!split.ok)
    return sourceError(
      "plugin",
      "invalid-input",
      `${label}: failed to convert CMP manifests to unstructured objects: ${split.error}`,
    );
  return { status: "rendered", tool: "plugin", manifests: split.manifests };
}

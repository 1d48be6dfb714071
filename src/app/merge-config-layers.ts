// The app's configuration is two layers: the operator's server file, then the
// repository's file over it. Plugins are commands run on the app's host, so the
// operator alone decides whether a repository may add any (INTERFACE.md section 4);
// `network` decides which hosts of the operator's network the app may reach, so it
// comes from the server file only: a repository's `network` is ignored. The
// `render` limits are the operator's resources (memory, time, output, processes):
// the server file's values, or the built-in defaults, are ceilings a repository
// can only lower.
import { availableParallelism } from "node:os";
import { DEFAULT_CONFIG } from "../config/defaults.js";
import type { ConfigFile } from "../config/schema.js";

type RenderLimits = NonNullable<ConfigFile["render"]>;
const RENDER_LIMITS = ["timeoutSeconds", "maxOutputBytes", "memoryMiB", "concurrency"] as const;

export function mergeConfigLayers(params: {
  server: ConfigFile;
  repository: ConfigFile;
  allowRepoPlugins: boolean;
}): ConfigFile {
  const { server, repository } = params;
  const { plugins: repoPlugins, network: _repoNetwork, ...repoRest } = repository;
  const merged: ConfigFile = { ...server, ...repoRest };
  // Nested sections merge key by key so a repository that sets one argocd or
  // policy key keeps the operator's other keys.
  if (server.argocd || repository.argocd) merged.argocd = { ...server.argocd, ...repository.argocd };
  if (server.render || repository.render) merged.render = cappedRender(server.render ?? {}, repository.render ?? {});
  if (server.policy || repository.policy) {
    merged.policy = { ...server.policy, ...repository.policy };
    if (server.policy?.rules || repository.policy?.rules) {
      merged.policy.rules = { ...server.policy?.rules, ...repository.policy?.rules };
    }
  }
  // Server plugins always apply and win on a name clash: a repository cannot
  // replace the command the operator installed under that name.
  const serverPlugins = server.plugins ?? [];
  const taken = new Set(serverPlugins.map((p) => p.name));
  const extra = params.allowRepoPlugins ? (repoPlugins ?? []).filter((p) => !taken.has(p.name)) : [];
  const plugins = [...serverPlugins, ...extra];
  if (plugins.length > 0 || server.plugins) merged.plugins = plugins;
  else delete merged.plugins;
  return merged;
}

/** The repository's render limits, each at most the server's (or the default's) value. */
function cappedRender(server: RenderLimits, repository: RenderLimits): RenderLimits {
  const merged: RenderLimits = { ...server };
  for (const key of RENDER_LIMITS) {
    const wanted = repository[key];
    if (wanted === undefined) continue;
    merged[key] = Math.min(wanted, ceiling(server, key));
  }
  return merged;
}

function ceiling(server: RenderLimits, key: (typeof RENDER_LIMITS)[number]): number {
  const value = server[key] ?? DEFAULT_CONFIG.render[key];
  // concurrency 0 means "one per core": the host's cores are then the ceiling.
  return key === "concurrency" && value <= 0 ? availableParallelism() : value;
}

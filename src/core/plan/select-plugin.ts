// Choosing a Config Management Plugin for a source
// (argo-cd:util/app/discovery/discovery.go (DetectConfigManagementPlugin, cmpSupports),
//  argo-cd:cmpserver/plugin/plugin.go (matchRepository)).
import picomatch from "picomatch";
import type { PluginConfig } from "../../config/schema.js";

/** A plugin is addressed as `<metadata.name>-<spec.version>`, or `<metadata.name>` without a version. */
export function pluginFullName(plugin: PluginConfig): string {
  return plugin.version ? `${plugin.name}-${plugin.version}` : plugin.name;
}

export function findPluginByName(plugins: readonly PluginConfig[], name: string): PluginConfig | undefined {
  return plugins.find((p) => pluginFullName(p) === name) ?? plugins.find((p) => !p.version && p.name === name);
}

/** "none": the plugin has no discover rule (never auto-selected); "command": only running
 *  find.command can tell (the adapter runs it: any stdout means a match). */
export type DiscoverOutcome = "match" | "no-match" | "none" | "command";

export interface MatchPluginDiscoverParams {
  plugin: PluginConfig;
  /** Files and directories under the app directory, relative to it, posix. */
  appEntries: readonly string[];
}

export function matchPluginDiscover(params: MatchPluginDiscoverParams): DiscoverOutcome {
  const d = params.plugin.discover;
  if (!d) return "none";
  if (d.fileName) {
    // filepath.Glob(appPath/fileName): `*` stays inside one segment, dotfiles match
    const m = picomatch(d.fileName.replace(/^\.\//, ""), { dot: true });
    return params.appEntries.some((e) => m(e)) ? "match" : "no-match";
  }
  if (d.find?.glob) {
    // zglob: `**` crosses directories
    const m = picomatch(d.find.glob.replace(/^\.\//, ""), { dot: true });
    return params.appEntries.some((e) => m(e)) ? "match" : "no-match";
  }
  if (d.find?.command && d.find.command.length > 0) return "command";
  return "none";
}

/** Every file path plus each of its parent directories, since discover globs may name directories. */
export function withParentDirs(files: readonly string[]): string[] {
  const out = new Set<string>();
  for (const f of files) {
    out.add(f);
    const parts = f.split("/");
    for (let i = 1; i < parts.length; i++) out.add(parts.slice(0, i).join("/"));
  }
  return [...out].sort();
}

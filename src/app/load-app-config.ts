// Builds the configuration one run uses: built-in defaults, the operator's
// server file (BLAST_RADIUS_CONFIG), then the repository's file from its
// default branch. Each layer is validated on its own first so the error names
// the file and the key.
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import type { Config } from "../config/config.js";
import { resolveConfig, validateConfig, type ParseConfigResult } from "../config/parse-config.js";
import type { ConfigFile } from "../config/schema.js";
import { mergeConfigLayers } from "./merge-config-layers.js";
import { firstLine } from "../core/first-line.js";
import { CONFIG_PATH } from "../config/config-path.js";

export interface LoadAppConfigParams {
  /** Path of the server file, or undefined when the operator set none. */
  serverConfigPath?: string;
  /** The repository file's text at the default branch, or undefined when absent. */
  repoConfigText?: string;
  allowRepoPlugins: boolean;
}

export async function loadAppConfig(params: LoadAppConfigParams): Promise<ParseConfigResult> {
  let serverText: string | undefined;
  if (params.serverConfigPath) {
    try {
      serverText = await readFile(params.serverConfigPath, "utf8");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "unreadable";
      return { ok: false, error: `server configuration (BLAST_RADIUS_CONFIG): cannot read the file (${code})` };
    }
  }
  const server = parseLayer(serverText, "server configuration (BLAST_RADIUS_CONFIG)");
  if (!server.ok) return server;
  const repository = parseLayer(params.repoConfigText, CONFIG_PATH);
  if (!repository.ok) return repository;
  const merged = mergeConfigLayers({
    server: server.file,
    repository: repository.file,
    allowRepoPlugins: params.allowRepoPlugins,
  });
  const config: Config = resolveConfig(merged);
  return { ok: true, config };
}

type LayerResult = { ok: true; file: ConfigFile } | { ok: false; error: string };

function parseLayer(text: string | undefined, source: string): LayerResult {
  if (text === undefined) return { ok: true, file: {} };
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (err) {
    return { ok: false, error: `${source}: invalid YAML: ${firstLine(err)}` };
  }
  const checked = validateConfig(raw, source);
  // validateConfig accepted the object, so it has exactly ConfigFile's shape.
  return checked.ok ? { ok: true, file: raw as ConfigFile } : checked;
}

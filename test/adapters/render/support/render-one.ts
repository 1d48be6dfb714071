// Runs the real renderer on one app over fixture directories.
import { createRenderer, type RendererOptions } from "../../../../src/adapters/render/create-renderer.js";
import { createDirSourceTrees } from "../../../../src/adapters/render/dir-source-trees.js";
import type { Config } from "../../../../src/config/config.js";
import type { AppRender, AppSource, Manifest } from "../../../../src/core/model.js";
import { makeApp, makeConfig } from "./fixtures.js";

export async function renderOne(params: {
  dir?: string;
  repos?: Record<string, string>;
  sources: AppSource[];
  config?: Config;
  name?: string;
  destNamespace?: string;
  options?: RendererOptions;
}): Promise<AppRender> {
  return createRenderer(params.options).render({
    app: makeApp({ name: params.name, destNamespace: params.destNamespace, sources: params.sources }),
    side: "head",
    trees: createDirSourceTrees({
      dir: params.dir,
      repos: params.repos,
      revision: "0123456789abcdef0123456789abcdef01234567",
    }),
    config: params.config ?? makeConfig(),
  });
}

export function names(manifests: Manifest[]): string[] {
  return manifests.map((m) => `${m.kind}/${(m.metadata as { name?: string } | undefined)?.name ?? ""}`);
}

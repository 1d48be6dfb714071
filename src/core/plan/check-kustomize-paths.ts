// kustomize's load restrictor keeps a build inside the kustomization's directory
// (LoadRestrictionsRootOnly, the default). argocd-cm `kustomize.buildOptions` may loosen it
// (`--load-restrictor LoadRestrictionsNone`, which Argo CD passes through: util/kustomize/kustomize.go
// (Build)); then nothing in kustomize stops `../../../etc` or `/etc`, so the local references of
// the kustomizations (the input walk: resources, patches, generator files, helm values...) must
// stay inside the repository. Remote content is not walked.
import type { Config } from "../../config/config.js";
import type { AppSource } from "../model.js";
import { collectKustomizeInputs } from "../inputs/collect-kustomize-inputs.js";
import { createInputCollector, UndeterminableInput } from "../inputs/input-collector.js";
import type { InputTree } from "../inputs/input-tree.js";

export function loosensLoadRestrictor(buildOptions: string): boolean {
  return /LoadRestrictionsNone/.test(buildOptions);
}

/** The reason a reference leaves the repository, or undefined. */
export async function kustomizePathOutsideRepository(params: {
  config: Config;
  source: AppSource;
  tree: InputTree;
  appPath: string;
}): Promise<string | undefined> {
  try {
    await collectKustomizeInputs({ ...params, index: 0, acc: createInputCollector() });
  } catch (err) {
    if (err instanceof UndeterminableInput && /leaves the repository/.test(err.message)) return err.message;
    if (!(err instanceof UndeterminableInput)) throw err;
  }
  return undefined;
}

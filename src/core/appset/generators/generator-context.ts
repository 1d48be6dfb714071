// What every generator needs: the ApplicationSet's templating mode, the configuration (clusters,
// globbing flag), the source trees, and the expected failures they can report.
import type { Config } from "../../../config/config.js";
import type { SourceTrees } from "../../ports.js";
import type { GoMap } from "../gotemplate/go-value.js";
import type { TemplateMode } from "../replace-template-string.js";

export interface GeneratorContext {
  mode: TemplateMode;
  config: Config;
  trees: SourceTrees;
  appSetName: string;
}

/** A generator or template failure: Argo CD records an error condition and reconciles nothing. */
export class AppSetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AppSetError";
  }
}

/** The generator needs data we do not have offline (live APIs, another repository). */
export class CannotEvaluateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CannotEvaluateError";
  }
}

export type ParamSet = GoMap;

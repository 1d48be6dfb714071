// Renders one string of an ApplicationSet template with one parameter set, in the mode the
// ApplicationSet asks for (argo-cd:applicationset/utils/utils.go (Replace)).
import type { GoMap } from "./gotemplate/go-value.js";
import { renderGoTemplate } from "./gotemplate/render-go-template.js";
import { renderFastTemplate } from "./render-fast-template.js";

export interface TemplateMode {
  goTemplate: boolean;
  goTemplateOptions: readonly string[];
}

export function replaceTemplateString(params: { template: string; data: GoMap; mode: TemplateMode }): string {
  const { template, data, mode } = params;
  if (mode.goTemplate) {
    // A string without an action renders to itself; skip the parse.
    if (!template.includes("{{")) return template;
    return renderGoTemplate({ template, data, options: mode.goTemplateOptions });
  }
  return renderFastTemplate({ template, data });
}

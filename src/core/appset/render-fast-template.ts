// The default (non-goTemplate) ApplicationSet templating: valyala/fasttemplate with `{{`/`}}`
// (argo-cd:applicationset/utils/utils.go (Replace)). The tag is trimmed before lookup; an unknown
// tag, an empty tag or a non-string parameter is written back as the literal `{{tag}}`.
import type { GoMap } from "./gotemplate/go-value.js";

/** Go's `.*{{.*}}.*`: `.` does not cross a newline, so `{{` and `}}` must share a line. */
const IS_TEMPLATED = /.*\{\{.*\}\}.*/;

export class FastTemplateError extends Error {}

export function renderFastTemplate(params: { template: string; data: GoMap }): string {
  const tmpl = params.template;
  if (!IS_TEMPLATED.test(tmpl)) return tmpl;
  let out = "";
  let s = tmpl;
  for (;;) {
    const start = s.indexOf("{{");
    if (start < 0) {
      out += s;
      break;
    }
    out += s.slice(0, start);
    s = s.slice(start + 2);
    const end = s.indexOf("}}");
    // fasttemplate.NewTemplate fails on an unclosed tag; Replace returns that error.
    if (end < 0)
      throw new FastTemplateError(`invalid template: Cannot find end tag="}}" in the template=${JSON.stringify(tmpl)}`);
    const tag = s.slice(0, end);
    s = s.slice(end + 2);
    const key = tag.trim();
    const value = Object.prototype.hasOwnProperty.call(params.data, key) ? params.data[key] : undefined;
    out += key !== "" && typeof value === "string" ? value : `{{${tag}}}`;
  }
  return out;
}

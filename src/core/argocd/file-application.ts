// A file's Application spec, made once per parsed object: the same blob on both sides gives the
// same object (discover-app-files), so both sides share one AppSpec and comparisons start with
// identity. What a spec was made from is kept too: a side kept across analyses stores the parsed
// object instead of the spec and makes it again (side-snapshots), which is faster than reading
// the spec back and gives the spec a side built later from the same objects gets.
import type { AppSpec, Manifest } from "../model.js";
import { parseApplication } from "./parse-application.js";

/** What fileApplication made a spec from. */
export interface FileApplicationSource {
  readonly obj: Manifest;
  readonly file: string;
  readonly argocdNamespace: string;
}

const specs = new WeakMap<Manifest, Map<string, AppSpec>>();
const sources = new WeakMap<AppSpec, FileApplicationSource>();

export function fileApplication(obj: Manifest, file: string, argocdNamespace: string): AppSpec {
  let byFile = specs.get(obj);
  if (!byFile) specs.set(obj, (byFile = new Map<string, AppSpec>()));
  const k = `${file}\u0000${argocdNamespace}`;
  let spec = byFile.get(k);
  if (!spec) {
    spec = parseApplication({ obj, origin: { kind: "file", file }, generatedBy: file, argocdNamespace });
    byFile.set(k, spec);
    sources.set(spec, { obj, file, argocdNamespace });
  }
  return spec;
}

/** The object, file and namespace `spec` was made from by fileApplication (undefined: another way). */
export function fileApplicationSource(spec: AppSpec): FileApplicationSource | undefined {
  return sources.get(spec);
}

// YAML as Argo CD's ApplicationSet code reads and writes it: sigs.k8s.io/yaml, i.e. go-yaml v2
// (YAML 1.1: yes/no/on/off are booleans) converted to JSON, so every number becomes a float64
// and timestamps stay strings.
import { parseDocument, stringify, type Tags } from "yaml";
import { toGoValue, fromGoValue, type GoValue } from "./gotemplate/go-value.js";
import { firstLine } from "../first-line.js";

/** YAML 1.1 tags minus timestamps (go-yaml v2 leaves them as strings when decoding into any) and
 *  minus sexagesimal numbers (`12:30` is a string to go-yaml v2, 750 to a YAML 1.1 parser). */
function goYamlTags(tags: Tags): Tags {
  return tags.filter(
    (t) =>
      typeof t === "string" ||
      (t.tag !== "tag:yaml.org,2002:timestamp" && (t as { format?: string }).format !== "TIME"),
  );
}

/** Parses the first YAML document (go-yaml v2 ignores the rest). Throws on a syntax error. */
export function parseGoYaml(text: string): GoValue {
  const doc = parseDocument(text, { version: "1.1", customTags: goYamlTags, merge: true, uniqueKeys: false });
  if (doc.errors.length > 0) throw new Error(firstLine(doc.errors[0]));
  return toGoValue(doc.toJS({ maxAliasCount: 10000 }));
}

/** sigs.k8s.io/yaml Marshal: keys sorted, block style, sequences not indented under their key. */
export function stringifyGoYaml(v: GoValue): string {
  const js = fromGoValue(v);
  if (js === null || js === undefined) return "null\n";
  return stringify(js, { version: "1.1", sortMapEntries: true, indentSeq: false, lineWidth: 0 });
}

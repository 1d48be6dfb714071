import { describe, expect, it } from "@jest/globals";
import { renderGoTemplate } from "../../../src/core/appset/gotemplate/render-go-template.js";
import { toGoValue } from "../../../src/core/appset/gotemplate/go-value.js";
import { parseGoYaml } from "../../../src/core/appset/parse-go-yaml.js";

const data = toGoValue({
  a: "x",
  n: 3,
  big: 1234567,
  frac: 0.5,
  nul: null,
  l: ["p", "q"],
  m: { b: 1, a: "x" },
  dashed: { "k-1": "v" },
  nested: { cluster: { name: "Prod_East" } },
  yes: true,
});

// Expected outputs are what Go's text/template + Sprig print for the same template and data.
const cases: [string, string][] = [
  ["{{.a}}", "x"],
  ["{{ .missing }}", "<no value>"],
  ["{{ .missing.deeper }}", "<no value>"],
  ["{{ .nul }}", "<no value>"],
  ["{{ .n }}", "3"],
  ["{{ .big }}", "1.234567e+06"],
  ["{{ .frac }}", "0.5"],
  ["{{ .l }}", "[p q]"],
  ["{{ .m }}", "map[a:x b:1]"],
  ['{{ printf "%s-%d" .a 3 }}', "x-3"],
  ['{{ printf "%d" .n }}', "%!d(float64=3)"],
  ['{{ printf "%v/%v" .n .yes }}', "3/true"],
  ['{{ printf "%05.1f|%-4s|%q" .frac .a .a }}', '000.5|x   |"x"'],
  ['{{ .a | upper | printf "%s!" }}', "X!"],
  ['{{ $x := "v" }}{{ $x }}', "v"],
  ["{{ $x := 1 }}{{ range .l }}{{ $x = . }}{{ end }}{{ $x }}", "q"],
  ["{{ range $i, $e := .l }}{{ $i }}:{{ $e }} {{ end }}", "0:p 1:q "],
  ["{{ range $k, $v := .m }}{{ $k }}={{ $v }};{{ end }}", "a=x;b=1;"],
  ["{{ range .missing }}x{{ else }}empty{{ end }}", "empty"],
  ['{{ range .l }}{{ if eq . "q" }}{{ break }}{{ end }}{{ . }}{{ end }}', "p"],
  ['{{ range .l }}{{ if eq . "p" }}{{ continue }}{{ end }}{{ . }}{{ end }}', "q"],
  ['{{ if eq .a "y" }}y{{ else if eq .a "x" }}x{{ else }}z{{ end }}', "x"],
  ["{{ if .missing }}y{{ else }}n{{ end }}", "n"],
  ["{{ with .m }}{{ .a }}-{{ $.a }}{{ end }}", "x-x"],
  ["{{ with .missing }}y{{ else }}n{{ end }}", "n"],
  ['{{ index .dashed "k-1" }}', "v"],
  ['{{ index .dashed "nope" }}', "<no value>"],
  ["{{ index .l 1 }}", "q"],
  ["{{ (index .l 0) | upper }}", "P"],
  ["{{ len .l }}", "2"],
  ['{{ eq .a "y" "x" }}', "true"],
  ["{{ eq .missing .a }}", "false"],
  ["{{ lt 1 2 }}", "true"],
  ["{{ and .a .missing }}", "<no value>"],
  ['{{ or .missing "z" }}', "z"],
  ["{{ not .missing }}", "true"],
  ['{{ default "d" .missing }}', "d"],
  ['{{ .missing | default "d" }}', "d"],
  ['{{ .a | default "d" }}', "x"],
  ["{{ normalize .nested.cluster.name }}", "prod-east"],
  [
    '{{ slugify "Hello World! This is a long name with many words in it, beyond fifty" }}',
    "hello-world-this-is-a-long-name-with-many-words-in",
  ],
  ['{{ slugify 10 false "Hello World Foo" }}', "hello-worl"],
  ['{{ slugify 10 true "Hello World Foo" }}', "hello"],
  ["{{ toJson .m }}", '{"a":"x","b":1}'],
  ['{{ toJson "<a&b>" }}', '"\\u003ca\\u0026b\\u003e"'],
  ['{{ dict "k" 1 "j" .a | toJson }}', '{"j":"x","k":1}'],
  ['{{ list 1 "a" .n | toJson }}', '[1,"a",3]'],
  ["{{ toYaml .m }}", "a: x\nb: 1"],
  ['{{ (fromYaml "a: 1\\nb: [x, z]").b | last }}', "z"],
  // sigs.k8s.io/yaml is go-yaml v2, YAML 1.1: a bare `y` is a boolean.
  ['{{ (fromYaml "b: [x, y]").b | last }}', "true"],
  ['{{ "a-b-c" | splitList "-" | last }}', "c"],
  ['{{ (split "/" "x/y")._1 }}', "y"],
  ['{{ join "," .l }}', "p,q"],
  ['{{ hasKey .m "a" }}', "true"],
  ['{{ get .m "zz" }}', ""],
  ['{{ ternary "a" "b" true }}', "a"],
  ["{{ empty .missing }}", "true"],
  ['{{ coalesce .missing "" "c" }}', "c"],
  ['{{ regexReplaceAll "(a+)b" "xaab" "${1}c" }}', "xaac"],
  ['{{ regexMatch "^[a-z]+$" .a }}', "true"],
  ["{{ quote .a }} {{ squote .n }}", "\"x\" '3'"],
  ["{{ add 1 2 }} {{ add .n 1 }} {{ sub 5 7 }} {{ mul 2 3 }} {{ div 7 2 }}", "3 4 -2 6 3"],
  ['{{ int "42" }} {{ atoi "x" }} {{ int .n }}', "42 0 3"],
  ['{{ trunc 3 "abcdef" }} {{ trimPrefix "ab" "abc" }} {{ trimSuffix "c" "abc" }} {{ trim "  s " }}', "abc c ab s"],
  [
    '{{ replace "-" "_" "a-b" }} {{ contains "b" "abc" }} {{ hasPrefix "a" "abc" }} {{ hasSuffix "c" "abc" }}',
    "a_b true true true",
  ],
  ['{{ b64enc "hi" }} {{ b64dec "aGk=" }}', "aGk= hi"],
  ['{{ sha256sum "a" }}', "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"],
  ['{{ kindIs "string" .a }} {{ kindIs "map" .m }} {{ kindOf .l }}', "true true slice"],
  ["{{ toString .n }}", "3"],
  ["{{ first .l }}{{ last .l }}", "pq"],
  ["{{/* a comment */}}ok", "ok"],
  ['a {{- "b" -}} c', "abc"],
  ["{{ print .a 1 2 }}", "x1 2"],
  ["{{ lower .a | upper }}", "X"],
];

describe("Go text/template interpreter", () => {
  it.each(cases)("%s", (template, expected) => {
    expect(renderGoTemplate({ template, data })).toBe(expected);
  });

  const errors: [string, RegExp, string[]][] = [
    ["{{ .missing }}", /map has no entry for key "missing"/, ["missingkey=error"]],
    ["{{ .nested.nope.x }}", /map has no entry for key "nope"/, ["missingkey=error"]],
    ["{{ eq .n 3 }}", /incompatible types for comparison/, []],
    ["{{ .a.b }}", /can't evaluate field b in type string/, []],
    ["{{ .nul.b }}", /nil pointer evaluating interface \{\}\.b/, []],
    ["{{ upper .missing }}", /invalid value; expected string/, []],
    ["{{ upper .n }}", /expected string; got float64/, []],
    ["{{ .a }}{{ end }}", /unexpected/, []],
    ["{{ if .a }}x", /unexpected EOF/, []],
    ["{{ nosuchfunc .a }}", /function "nosuchfunc" not defined/, []],
    ['{{ env "HOME" }}', /function "env" not defined/, []],
    ["{{ index .l 5 }}", /index out of range/, []],
    ["{{ .a }}", /unrecognized option/, ["bogus=1"]],
  ];
  it.each(errors)("%s fails", (template, message, options) => {
    expect(() => renderGoTemplate({ template, data, options })).toThrow(message);
  });

  it("missingkey=zero prints <no value> for interface maps, like Go", () => {
    expect(renderGoTemplate({ template: "{{ .missing }}", data, options: ["missingkey=zero"] })).toBe("<no value>");
  });
});

describe("Sprig path and dict helpers used in Argo CD's docs", () => {
  const d = toGoValue({ cluster: "c1", nested: { a: { b: "deep" } }, p: "apps/team-a/app.yaml" });
  it.each([
    // docs/operator-manual/applicationset/GoTemplate.md
    ['{{ .cluster }}{{ dig "nameSuffix" "" . }}', "c1"],
    ['{{ dig "nested" "a" "b" "none" . }}', "deep"],
    ['{{ base .p }} {{ dir .p }} {{ ext .p }} {{ clean "a//b/../c" }}', "app.yaml apps/team-a .yaml a/c"],
    ['{{ pick .nested "a" | toJson }} {{ omit .nested "a" | toJson }}', '{"a":{"b":"deep"}} {}'],
    ['{{ cat "feature/Branch_1" | slugify 23 }}', "feature-branch-1"],
    ['{{ (splitn "/" 2 "a/b/c")._1 }}', "b/c"],
  ])("%s", (template, expected) => {
    expect(renderGoTemplate({ template, data: d })).toBe(expected);
  });

  it("a time-dependent Sprig function is not modelled, not an Argo CD error", () => {
    expect(() => renderGoTemplate({ template: "{{ now }}", data: d })).toThrow(/not modelled/);
  });
});

describe("semverCompare in a template", () => {
  it("selects on a cluster's version label", () => {
    const d = toGoValue({ metadata: { labels: { k8s: "1.29.1" } } });
    expect(
      renderGoTemplate({
        template: '{{ if semverCompare ">=1.28" .metadata.labels.k8s }}new{{ else }}old{{ end }}',
        data: d,
      }),
    ).toBe("new");
  });
});

describe("YAML as sigs.k8s.io/yaml (go-yaml v2) reads it", () => {
  it.each([
    ["a: 12:30", "{{ .a }}", "12:30"],
    ["a: 2024-01-02", "{{ .a }}", "2024-01-02"],
    ["a: 0755", "{{ .a }}", "493"],
    ["a: yes", "{{ .a }}", "true"],
    ["a: 1000000", "{{ .a }}", "1e+06"],
  ])("%s", (yamlText, template, expected) => {
    expect(renderGoTemplate({ template, data: parseGoYaml(yamlText) })).toBe(expected);
  });
});

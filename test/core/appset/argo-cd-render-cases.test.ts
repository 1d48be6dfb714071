// Cases ported from argo-cd:applicationset/utils/utils_test.go (TestRenderTemplateParamsGoTemplate,
// TestRenderTemplateParams, TestSlugify, Test_Render_Replace_no_panic_on_missing_closing_brace):
// the inputs and expected outputs are Argo CD's own.
import { describe, expect, it } from "@jest/globals";
import { renderGoTemplate } from "../../../src/core/appset/gotemplate/render-go-template.js";
import type { GoMap } from "../../../src/core/appset/gotemplate/go-value.js";
import { renderFastTemplate } from "../../../src/core/appset/render-fast-template.js";
import { slugifyName } from "../../../src/core/appset/slugify-name.js";
import { sanitizeName } from "../../../src/core/appset/sanitize-name.js";

const hpa = (enabled: boolean): GoMap => ({ replicas: 3n, hpa: { enabled, minReplicas: 1n, maxReplicas: 5n } });

describe("TestRenderTemplateParamsGoTemplate", () => {
  it.each<[string, string, GoMap, string]>([
    ["simple substitution", "{{ .one }}", { one: "two" }, "two"],
    ["template contains itself", "{{ .one }}", { one: "{{one}}" }, "{{one}}"],
    ["multiple on a line", "{{.one}}{{.one}}", { one: "two" }, "twotwo"],
    [
      "multiple different on a line with quote",
      "{{.one}} {{.three}}",
      { one: '"hello" world', three: "four" },
      '"hello" world four',
    ],
    ["depth", "{{ .image.version }}", { replicas: 3n, image: { name: "busybox", version: "latest" } }, "latest"],
    ["if ok", "{{ if .hpa.enabled }}{{ .hpa.maxReplicas }}{{ else }}{{ .replicas }}{{ end }}", hpa(true), "5"],
    ["if not ok", "{{ if .hpa.enabled }}{{ .hpa.maxReplicas }}{{ else }}{{ .replicas }}{{ end }}", hpa(false), "3"],
    [
      "loop",
      "{{ range .volumes }}[{{ .name }}]{{ end }}",
      {
        volumes: [
          { name: "volume-one", emptyDir: {} },
          { name: "volume-two", emptyDir: {} },
        ],
      },
      "[volume-one][volume-two]",
    ],
    [
      "Index",
      '{{ index .admin "admin-ca" }}, {{ index .admin "admin-jks" }}',
      { admin: { "admin-ca": "value admin ca", "admin-jks": "value admin jks" } },
      "value admin ca, value admin jks",
    ],
    [
      "Index with backslashes",
      '{{ index .admin "admin-ca" }}, \\\\ "Hello world", {{ index .admin "admin-jks" }}',
      { admin: { "admin-ca": 'value "admin" ca with \\', "admin-jks": "value admin jks" } },
      'value "admin" ca with \\, \\\\ "Hello world", value admin jks',
    ],
    ["quote", "{{.quote}}", { quote: '"' }, '"'],
    [
      "lookup missing value with missingkey=default",
      "--> {{.doesnotexist}} <--",
      { unused: "x" },
      "--> <no value> <--",
    ],
    [
      "toYaml",
      "{{ toYaml . | indent 2 }}",
      { foo: { bar: { bool: true, number: 2n, str: "Hello world" } } },
      "  foo:\n    bar:\n      bool: true\n      number: 2\n      str: Hello world",
    ],
    ["fromYaml", '{{ get (fromYaml .value) "hello" }}', { value: "hello: world" }, "world"],
    [
      "fromYamlArray",
      "{{ fromYamlArray .value | last }}",
      { value: "- hello world\n- bonjour tout le monde" },
      "bonjour tout le monde",
    ],
  ])("%s", (_name, template, data, expected) => {
    expect(renderGoTemplate({ template, data })).toBe(expected);
  });

  it.each<[string, string, GoMap, RegExp, string[]]>([
    [
      "Test Parse Error",
      "{{functiondoesnotexist}}",
      { data: "a data string" },
      /function "functiondoesnotexist" not defined/,
      [],
    ],
    ["Test template error", "{{.data.test}}", { data: "a data string" }, /can't evaluate field test/, []],
    [
      "lookup missing value with missingkey=error",
      "--> {{.doesnotexist}} <--",
      { unused: "x" },
      /map has no entry for key "doesnotexist"/,
      ["missingkey=error"],
    ],
    [
      "fromYaml error",
      '{{ get (fromYaml .value) "hello" }}',
      { value: "non\n compliant\n yaml" },
      /error calling fromYaml/,
      [],
    ],
    [
      "fromYamlArray error",
      "{{ fromYamlArray .value | last }}",
      { value: "non\n compliant\n yaml" },
      /error calling fromYamlArray/,
      [],
    ],
  ])("%s", (_name, template, data, message, options) => {
    expect(() => renderGoTemplate({ template, data, options })).toThrow(message);
  });
});

describe("TestRenderTemplateParams (fasttemplate)", () => {
  it.each<[string, string, GoMap, string]>([
    ["simple substitution", "{{one}}", { one: "two" }, "two"],
    ["simple substitution with whitespace", "{{ one }}", { one: "two" }, "two"],
    ["template characters but not in a template", "}} {{", { one: "two" }, "}} {{"],
    ["nested template", "{{ }}", { one: "{{ }}" }, "{{ }}"],
    ["field with whitespace", "{{ }}", { " ": "two", "": "three" }, "{{ }}"],
    ["template contains itself, containing itself", "{{one}}", { "{{one}}": "{{one}}" }, "{{one}}"],
    ["template contains itself, containing something else", "{{one}}", { "{{one}}": "{{two}}" }, "{{one}}"],
    ["templates are case sensitive", "{{ONE}}", { "{{ONE}}": "{{one}}" }, "{{ONE}}"],
    ["multiple on a line", "{{one}}{{one}}", { one: "two" }, "twotwo"],
    ["multiple different on a line", "{{one}}{{three}}", { one: "two", three: "four" }, "twofour"],
    [
      "multiple different on a line with quote",
      "{{one}} {{three}}",
      { one: '"hello" world', three: "four" },
      '"hello" world four',
    ],
  ])("%s", (_name, template, data, expected) => {
    expect(renderFastTemplate({ template, data })).toBe(expected);
  });

  it("Test_Render_Replace_no_panic_on_missing_closing_brace: an unclosed tag on a templated line is an error", () => {
    expect(() => renderFastTemplate({ template: "{{properly.closed}} {{improperly.closed}", data: {} })).toThrow(
      /Cannot find end tag/,
    );
    // Without a complete {{…}} on a line, Replace returns the text untouched.
    expect(renderFastTemplate({ template: "{{improperly.closed}", data: {} })).toBe("{{improperly.closed}");
  });
});

describe("TestSlugify and SanitizeName", () => {
  const branch1 = "feat/a_really+long_pull_request_name_to_test_argo_slugification_and_branch_name_shortening_feature";
  const branch2 = "feat/areallylongpullrequestnametotestargoslugificationandbranchnameshorteningfeature";
  it.each<[string, boolean, number, string]>([
    [branch1, false, 50, "feat-a-really-long-pull-request-name-to-test-argo"],
    [branch1, true, 53, "feat-a-really-long-pull-request-name-to-test-argo"],
    [branch2, true, 50, "feat"],
    [branch2, false, 50, "feat-areallylongpullrequestnametotestargoslugifica"],
  ])("slugify %s smart=%s max=%s", (name, smartTruncate, maxSize, expected) => {
    expect(slugifyName({ name, maxSize, smartTruncate })).toBe(expected);
  });

  it.each([
    ["Prod_East.Cluster", "prod-east.cluster"],
    ["--edge--", "edge"],
    [".dots.", "dots"],
    ["a".repeat(300), "a".repeat(253)],
  ])("normalize %s", (input, expected) => {
    expect(sanitizeName(input)).toBe(expected);
  });
});

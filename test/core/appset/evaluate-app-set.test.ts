import { describe, expect, it } from "@jest/globals";
import { parse } from "yaml";
import { evaluateAppSet } from "../../../src/core/appset/evaluate-app-set.js";
import { DEFAULT_CONFIG } from "../../../src/config/defaults.js";
import type { Config, ResolvedCluster } from "../../../src/config/config.js";
import type { AppSetResult, AppSetSpec, Manifest } from "../../../src/core/model.js";
import { fakeSourceTrees } from "./fake-source-trees.js";

const REPO = "https://github.com/argoproj/argo-cd.git";
const FINALIZER = "resources-finalizer.argocd.argoproj.io";

function appSet(yaml: string): AppSetSpec {
  const manifest = parse(yaml) as Manifest;
  const meta = (manifest.metadata ?? {}) as Record<string, string>;
  const namespace = meta.namespace ?? "argocd";
  return {
    key: `${namespace}/${meta.name}`,
    name: meta.name ?? "",
    namespace,
    origin: { kind: "file", file: "appset.yaml" },
    manifest,
  };
}

function config(over: { clusters?: ResolvedCluster[]; argocd?: Partial<Config["argocd"]> } = {}): Config {
  return {
    ...DEFAULT_CONFIG,
    clusters: over.clusters ?? DEFAULT_CONFIG.clusters,
    argocd: { ...DEFAULT_CONFIG.argocd, ...over.argocd },
  };
}

const cluster = (
  name: string,
  server: string,
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
): ResolvedCluster => ({ name, server, labels, annotations, project: "" });

// The directory tree of Argo CD's applicationset/examples, trimmed to what the generators read.
const examplesTree = {
  "applicationset/examples/git-generator-directory/cluster-addons/argo-workflows/kustomization.yaml": "",
  "applicationset/examples/git-generator-directory/cluster-addons/prometheus-operator/Chart.yaml": "",
  "applicationset/examples/git-generator-directory/excludes/cluster-addons/argo-workflows/kustomization.yaml": "",
  "applicationset/examples/git-generator-directory/excludes/cluster-addons/exclude-helm-guestbook/Chart.yaml": "",
  "applicationset/examples/git-generator-directory/excludes/cluster-addons/exclude-helm-guestbook/templates/deployment.yaml":
    "",
  "applicationset/examples/git-generator-directory/excludes/cluster-addons/prometheus-operator/Chart.yaml": "",
  "applicationset/examples/git-generator-files-discovery/cluster-config/engineering/dev/config.json": JSON.stringify({
    aws_account: "123456",
    asset_id: "11223344",
    cluster: { owner: "cluster-admin@company.com", name: "engineering-dev", address: "https://1.2.3.4" },
  }),
  "applicationset/examples/git-generator-files-discovery/cluster-config/engineering/prod/config.json": JSON.stringify({
    aws_account: "123456",
    asset_id: "11223344",
    cluster: { owner: "cluster-admin@company.com", name: "engineering-prod", address: "https://2.4.6.8" },
  }),
  ".github/workflows/ci.yaml": "",
};
const trees = fakeSourceTrees({ [REPO]: examplesTree });

function ok(r: AppSetResult): Manifest[] {
  if (!r.ok) throw new Error(`expected ok, got ${r.reason}: ${r.message}`);
  return r.apps;
}
const names = (apps: Manifest[]) => apps.map((a) => (a.metadata as Record<string, unknown>).name);
const spec = (a: Manifest) => a.spec as Record<string, any>;
const meta = (a: Manifest) => a.metadata as Record<string, any>;

describe("list generator", () => {
  // argo-cd:applicationset/examples/list-generator/list-example-fasttemplate.yaml
  const listExample = `
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: { name: guestbook, namespace: argocd }
spec:
  generators:
  - list:
      elements:
      - cluster: engineering-dev
        url: https://kubernetes.default.svc
      - cluster: engineering-prod
        url: https://kubernetes.default.svc
  template:
    metadata:
      name: '{{cluster}}-guestbook'
      namespace: somewhere-else
    spec:
      project: default
      source:
        repoURL: https://github.com/argoproj/argo-cd.git
        targetRevision: HEAD
        path: applicationset/examples/list-generator/guestbook/{{cluster}}
      destination:
        server: '{{url}}'
        namespace: guestbook
`;
  it("renders one Application per element, namespace forced to the ApplicationSet's, finalizer added", async () => {
    const r = await evaluateAppSet({ appSet: appSet(listExample), config: config(), trees });
    const apps = ok(r);
    expect(names(apps)).toEqual(["engineering-dev-guestbook", "engineering-prod-guestbook"]);
    expect(apps[0]).toEqual({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: { name: "engineering-dev-guestbook", namespace: "argocd", finalizers: [FINALIZER] },
      spec: {
        project: "default",
        source: {
          repoURL: "https://github.com/argoproj/argo-cd.git",
          targetRevision: "HEAD",
          path: "applicationset/examples/list-generator/guestbook/engineering-dev",
        },
        destination: { server: "https://kubernetes.default.svc", namespace: "guestbook" },
      },
    });
    expect(r.policy).toBe("sync");
  });

  it.each([
    ["a number in plain mode is an error", "- cluster: a\n        replicas: 3", false, "error"],
    ["nested objects in plain mode are an error", "- cluster: {name: a}", false, "error"],
    ["nested objects are fine with goTemplate", "- cluster: {name: a}", true, "ok"],
  ])("%s", async (_title, elements, goTemplate, expected) => {
    const r = await evaluateAppSet({
      appSet: appSet(`
metadata: { name: x }
spec:
  goTemplate: ${goTemplate}
  generators:
  - list:
      elements:
      ${elements}
  template: { metadata: { name: 'x' }, spec: { project: default } }`),
      config: config(),
      trees,
    });
    expect(r.ok ? "ok" : r.reason).toBe(expected);
  });

  it("reads elementsYaml and plain `values.<k>`", async () => {
    const r = await evaluateAppSet({
      appSet: appSet(`
metadata: { name: x }
spec:
  generators:
  - list:
      elements:
      - name: a
        values: { tier: gold }
      elementsYaml: |
        - name: b
  template: { metadata: { name: '{{name}}-{{values.tier}}' }, spec: { project: default } }`),
      config: config(),
      trees,
    });
    expect(names(ok(r))).toEqual(["a-gold", "b-{{values.tier}}"]);
  });

  it("an empty element renders the template untouched, without the finalizer (RenderTemplateParams)", async () => {
    const r = await evaluateAppSet({
      appSet: appSet(`
metadata: { name: x }
spec:
  generators:
  - list: { elements: [ {} ] }
  template: { metadata: { name: 'fixed-{{name}}' }, spec: { project: default } }`),
      config: config(),
      trees,
    });
    const apps = ok(r);
    expect(names(apps)).toEqual(["fixed-{{name}}"]);
    expect(meta(apps[0]!).finalizers).toBeUndefined();
  });
});

describe("finalizers (C.3)", () => {
  const make = (extra: string, templateMeta = "") => `
metadata: { name: x }
spec:
  ${extra}
  generators:
  - list: { elements: [ { name: a } ] }
  template: { metadata: { name: '{{name}}' ${templateMeta} }, spec: { project: default } }`;
  it.each([
    ["default: resources finalizer added", make(""), [FINALIZER]],
    ["preserveResourcesOnDeletion: none", make("syncPolicy: { preserveResourcesOnDeletion: true }"), undefined],
    [
      "template finalizers kept as written",
      make("", ", finalizers: [resources-finalizer.argocd.argoproj.io/background]"),
      ["resources-finalizer.argocd.argoproj.io/background"],
    ],
  ])("%s", async (_t, yaml, expected) => {
    const apps = ok(await evaluateAppSet({ appSet: appSet(yaml), config: config(), trees }));
    expect(meta(apps[0]!).finalizers).toEqual(expected);
  });
});

describe("policy", () => {
  const yaml = (p: string) => `
metadata: { name: x }
spec:
  syncPolicy: { applicationsSync: ${p} }
  generators: [ { list: { elements: [ { name: a } ] } } ]
  template: { metadata: { name: '{{name}}' }, spec: { project: default } }`;
  it.each([
    [
      "override allowed: the ApplicationSet's value",
      "create-only",
      { applicationSetPolicy: "sync", applicationSetPolicyOverride: true },
      "create-only",
    ],
    [
      "override off: the controller's value",
      "create-only",
      { applicationSetPolicy: "create-update", applicationSetPolicyOverride: false },
      "create-update",
    ],
    [
      "override allowed, nothing set on the ApplicationSet",
      "null",
      { applicationSetPolicy: "create-delete", applicationSetPolicyOverride: true },
      "create-delete",
    ],
  ] as const)("%s", async (_t, p, argocd, expected) => {
    const r = await evaluateAppSet({ appSet: appSet(yaml(p)), config: config({ argocd }), trees });
    expect(r.policy).toBe(expected);
  });
});

describe("clusters generator", () => {
  const clusters = [
    cluster("staging", "https://staging.example.com", { env: "staging" }),
    cluster("prod", "https://prod.example.com", { env: "prod" }, { team: "core" }),
  ];
  const make = (selector: string, goTemplate = false, name = "'{{name}}-{{metadata.labels.env}}'") => `
metadata: { name: x }
spec:
  goTemplate: ${goTemplate}
  generators:
  - clusters:
      ${selector}
      values: { suffix: '${goTemplate ? "{{ .name }}" : "{{name}}"}-v' }
  template: { metadata: { name: ${name} }, spec: { project: default, destination: { server: '${goTemplate ? "{{ .server }}" : "{{server}}"}' } } }`;

  it.each([
    [
      "no selector: every secret, then the local cluster",
      "",
      ["staging-staging", "prod-prod", "in-cluster-{{metadata.labels.env}}"],
    ],
    ["matchLabels", "selector: { matchLabels: { env: prod } }", ["prod-prod"]],
    [
      "NotIn never brings back the local cluster",
      "selector: { matchExpressions: [ { key: env, operator: NotIn, values: [prod] } ] }",
      ["staging-staging"],
    ],
    [
      "Exists on the secret-type label",
      "selector: { matchExpressions: [ { key: argocd.argoproj.io/secret-type, operator: Exists } ] }",
      ["staging-staging", "prod-prod"],
    ],
    ["DoesNotExist", "selector: { matchExpressions: [ { key: env, operator: DoesNotExist } ] }", []],
  ])("%s", async (_t, selector, expected) => {
    const apps = ok(await evaluateAppSet({ appSet: appSet(make(selector)), config: config({ clusters }), trees }));
    expect(names(apps)).toEqual(expected);
  });

  it.each([
    ["no selector: listed", "", ["in-cluster-{{metadata.labels.env}}"]],
    [
      "any selector: dropped, it has no secret to match",
      "selector: { matchExpressions: [ { key: env, operator: NotIn, values: [prod] } ] }",
      [],
    ],
  ])(
    "the default config's in-cluster entry is Argo CD's secret-less local cluster (%s)",
    async (_t, selector, expected) => {
      const apps = ok(await evaluateAppSet({ appSet: appSet(make(selector)), config: config(), trees }));
      expect(names(apps)).toEqual(expected);
    },
  );

  it("a secret for https://kubernetes.default.svc replaces the implicit local cluster", async () => {
    const apps = ok(
      await evaluateAppSet({
        appSet: appSet(make("")),
        config: config({ clusters: [cluster("local", "https://kubernetes.default.svc", { env: "dev" })] }),
        trees,
      }),
    );
    expect(names(apps)).toEqual(["local-dev"]);
  });

  it("values are templated with the cluster's parameters; goTemplate exposes metadata and values maps", async () => {
    const apps = ok(
      await evaluateAppSet({
        appSet: appSet(
          make(
            "selector: { matchLabels: { env: prod } }",
            true,
            "'{{ .values.suffix }}-{{ .metadata.annotations.team }}-{{ .nameNormalized }}'",
          ),
        ),
        config: config({ clusters }),
        trees,
      }),
    );
    expect(names(apps)).toEqual(["prod-v-core-prod"]);
    expect(spec(apps[0]!).destination).toEqual({ server: "https://prod.example.com" });
  });

  it("flatList gives one parameter set holding every cluster", async () => {
    const apps = ok(
      await evaluateAppSet({
        appSet: appSet(`
metadata: { name: x }
spec:
  goTemplate: true
  generators: [ { clusters: { flatList: true } } ]
  template: { metadata: { name: 'all' }, spec: { project: default, source: { helm: { values: '{{ range .clusters }}{{ .name }},{{ end }}' } } } }`),
        config: config({ clusters }),
        trees,
      }),
    );
    expect(spec(apps[0]!).source.helm.values).toBe("staging,prod,in-cluster,");
  });
});

describe("git directories generator", () => {
  // argo-cd:applicationset/examples/git-generator-directory/excludes/git-directories-exclude-example.yaml
  const make = (dirs: string, extra = "", name = "'{{path.basename}}'") => `
metadata: { name: cluster-addons }
spec:
  ${extra}
  generators:
  - git:
      repoURL: ${REPO}
      revision: HEAD
      directories:
${dirs}
  template:
    metadata: { name: ${name} }
    spec: { project: default, source: { repoURL: ${REPO}, path: '{{path}}' }, destination: { namespace: '{{path.basename}}' } }`;

  it.each([
    [
      "include then exclude (docs example)",
      "      - path: applicationset/examples/git-generator-directory/excludes/cluster-addons/*\n      - path: applicationset/examples/git-generator-directory/excludes/cluster-addons/exclude-helm-guestbook\n        exclude: true",
      ["argo-workflows", "prometheus-operator"],
    ],
    [
      "an exclude listed first still wins",
      "      - path: applicationset/examples/git-generator-directory/excludes/cluster-addons/exclude-helm-guestbook\n        exclude: true\n      - path: applicationset/examples/git-generator-directory/excludes/cluster-addons/*",
      ["argo-workflows", "prometheus-operator"],
    ],
    [
      "path.Match: * does not cross /",
      "      - path: applicationset/examples/git-generator-directory/excludes/*",
      ["cluster-addons"],
    ],
    ["hidden directories are never listed", "      - path: .github/*\n      - path: .github", []],
    [
      "character classes",
      "      - path: applicationset/examples/git-generator-directory/cluster-addons/[ap]*",
      ["argo-workflows", "prometheus-operator"],
    ],
  ])("%s", async (_t, dirs, expected) => {
    const apps = ok(await evaluateAppSet({ appSet: appSet(make(dirs)), config: config(), trees }));
    expect(names(apps)).toEqual(expected);
  });

  it("plain parameters: path, path[n], basenameNormalized; the revision is the generator's", async () => {
    const t = fakeSourceTrees({ [`${REPO}@release-1`]: { "apps/My_App/k.yaml": "" } });
    const apps = ok(
      await evaluateAppSet({
        appSet: appSet(
          make("      - path: apps/*", "", "'{{path[0]}}-{{path.basenameNormalized}}'").replace(
            "revision: HEAD",
            "revision: release-1",
          ),
        ),
        config: config(),
        trees: t,
      }),
    );
    expect(names(apps)).toEqual(["apps-my-app"]);
    expect(spec(apps[0]!).source.path).toBe("apps/My_App");
    expect(t.calls).toEqual([{ repoURL: REPO, targetRevision: "release-1" }]);
  });

  it("goTemplate parameters and pathParamPrefix", async () => {
    const yaml = `
metadata: { name: x }
spec:
  goTemplate: true
  generators:
  - git:
      repoURL: ${REPO}
      revision: HEAD
      pathParamPrefix: app
      directories: [ { path: 'applicationset/examples/git-generator-directory/cluster-addons/*' } ]
  template:
    metadata: { name: '{{ index .app.path.segments 3 }}-{{ .app.path.basename }}' }
    spec: { project: default }`;
    const apps = ok(await evaluateAppSet({ appSet: appSet(yaml), config: config(), trees }));
    expect(names(apps)).toEqual(["cluster-addons-argo-workflows", "cluster-addons-prometheus-operator"]);
  });

  it("a repository that cannot be read offline cannot be evaluated", async () => {
    const r = await evaluateAppSet({
      appSet: appSet(make("      - path: '*'").replace(REPO, "https://example.com/other.git")),
      config: config(),
      trees,
    });
    expect(r).toMatchObject({ ok: false, reason: "cannot-evaluate" });
    expect(!r.ok && r.message).toContain("https://example.com/other.git");
  });
});

describe("git files generator", () => {
  // argo-cd:applicationset/examples/git-generator-files-discovery/git-generator-files-fasttemplate.yaml
  const make = (files: string, extra = "", name = "'{{cluster.name}}-guestbook'") => `
metadata: { name: guestbook }
spec:
  ${extra}
  generators:
  - git:
      repoURL: ${REPO}
      revision: HEAD
      files:
${files}
  template:
    metadata: { name: ${name} }
    spec: { project: default, destination: { server: '{{cluster.address}}' } }`;

  it("flattens nested keys in plain mode (docs example)", async () => {
    const apps = ok(
      await evaluateAppSet({
        appSet: appSet(
          make('      - path: "applicationset/examples/git-generator-files-discovery/cluster-config/**/config.json"'),
        ),
        config: config(),
        trees,
      }),
    );
    expect(names(apps)).toEqual(["engineering-dev-guestbook", "engineering-prod-guestbook"]);
    expect(spec(apps[1]!).destination.server).toBe("https://2.4.6.8");
  });

  it.each([
    ["default git ls-files pathspec: * crosses /", false, ["engineering-dev-guestbook", "engineering-prod-guestbook"]],
    ["new globbing (doublestar): * stays in its segment", true, []],
  ])("%s", async (_t, newGitFileGlobbing, expected) => {
    const apps = ok(
      await evaluateAppSet({
        appSet: appSet(
          make('      - path: "applicationset/examples/git-generator-files-discovery/cluster-config/*/config.json"'),
        ),
        config: config({ argocd: { newGitFileGlobbing } }),
        trees,
      }),
    );
    expect(names(apps)).toEqual(expected);
  });

  it("exclude removes files whatever the order; path params", async () => {
    const files = `      - path: "applicationset/examples/git-generator-files-discovery/cluster-config/*/prod/config.json"
        exclude: true
      - path: "applicationset/examples/git-generator-files-discovery/cluster-config/**/config.json"`;
    const apps = ok(
      await evaluateAppSet({
        appSet: appSet(make(files, "", "'{{path.basename}}-{{path.filenameNormalized}}-{{path[3]}}'")),
        config: config(),
        trees,
      }),
    );
    expect(names(apps)).toEqual(["dev-config.json-cluster-config"]);
  });

  it("each element of a top-level array is a parameter set; goTemplate keeps types", async () => {
    const t = fakeSourceTrees({
      [REPO]: { "envs/list.yaml": "- name: a\n  replicas: 2\n- name: b\n  replicas: 1234567\n" },
    });
    const yaml = `
metadata: { name: x }
spec:
  goTemplate: true
  generators: [ { git: { repoURL: ${REPO}, revision: HEAD, files: [ { path: envs/list.yaml } ] } } ]
  template: { metadata: { name: '{{ .name }}-{{ .replicas }}-{{ .path.filename }}' }, spec: { project: default } }`;
    expect(names(ok(await evaluateAppSet({ appSet: appSet(yaml), config: config(), trees: t })))).toEqual([
      "a-2-list.yaml",
      "b-1.234567e+06-list.yaml",
    ]);
  });

  it("an unparsable file is an error", async () => {
    const t = fakeSourceTrees({ [REPO]: { "c/config.json": "just a string" } });
    const r = await evaluateAppSet({
      appSet: appSet(make('      - path: "c/config.json"')),
      config: config(),
      trees: t,
    });
    expect(r).toMatchObject({ ok: false, reason: "error" });
  });
});

describe("matrix generator", () => {
  // argo-cd:applicationset/examples/matrix/cluster-and-git-fasttemplate.yaml
  const clusters = [
    cluster("staging", "https://staging.example.com", { env: "staging" }),
    cluster("prod", "https://prod.example.com", { env: "prod" }),
  ];
  it("git directories x clusters (docs example)", async () => {
    const yaml = `
metadata: { name: cluster-git }
spec:
  generators:
  - matrix:
      generators:
      - git:
          repoURL: ${REPO}
          revision: HEAD
          directories: [ { path: applicationset/examples/matrix/cluster-addons/* } ]
      - clusters:
          selector: { matchLabels: { argocd.argoproj.io/secret-type: cluster } }
  template:
    metadata: { name: '{{path.basename}}-{{name}}' }
    spec: { project: '{{metadata.labels.environment}}', source: { path: '{{path}}' }, destination: { server: '{{server}}' } }`;
    const t = fakeSourceTrees({
      [REPO]: {
        "applicationset/examples/matrix/cluster-addons/argo-workflows/k.yaml": "",
        "applicationset/examples/matrix/cluster-addons/prometheus-operator/Chart.yaml": "",
      },
    });
    const apps = ok(await evaluateAppSet({ appSet: appSet(yaml), config: config({ clusters }), trees: t }));
    expect(names(apps)).toEqual([
      "argo-workflows-staging",
      "argo-workflows-prod",
      "prometheus-operator-staging",
      "prometheus-operator-prod",
    ]);
    expect(spec(apps[0]!).project).toBe("{{metadata.labels.environment}}");
  });

  it("the second child is interpolated with each parameter set of the first (goTemplate)", async () => {
    const t = fakeSourceTrees({
      [REPO]: {
        "envs/dev/a/config.json": '{"app":"a"}',
        "envs/prod/b/config.json": '{"app":"b"}',
        "envs/prod/c/config.json": '{"app":"c"}',
      },
    });
    const yaml = `
metadata: { name: x }
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - matrix:
      generators:
      - list: { elements: [ { env: prod, name: first-wins } ] }
      - git:
          repoURL: ${REPO}
          revision: HEAD
          files: [ { path: 'envs/{{ .env }}/*/config.json' } ]
          values: { env: '{{ .env }}', app: '{{ .app }}' }
  template: { metadata: { name: '{{ .name }}-{{ .app }}-{{ .values.env }}-{{ .values.app }}' }, spec: { project: default } }`;
    expect(names(ok(await evaluateAppSet({ appSet: appSet(yaml), config: config(), trees: t })))).toEqual([
      "first-wins-b-prod-b",
      "first-wins-c-prod-c",
    ]);
  });

  it("a value mixing both children's keys fails under missingkey=error, as in Argo CD", async () => {
    // RenderGeneratorParams keeps the whole value unresolved when one key is missing; the child then
    // renders it with its own parameters only, where `.env` is missing.
    const t = fakeSourceTrees({ [REPO]: { "envs/prod/b/config.json": '{"app":"b"}' } });
    const yaml = `
metadata: { name: x }
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - matrix:
      generators:
      - list: { elements: [ { env: prod } ] }
      - git: { repoURL: ${REPO}, revision: HEAD, files: [ { path: 'envs/{{ .env }}/*/config.json' } ], values: { label: '{{ .env }}-{{ .app }}' } }
  template: { metadata: { name: '{{ .app }}' }, spec: { project: default } }`;
    expect(await evaluateAppSet({ appSet: appSet(yaml), config: config(), trees: t })).toMatchObject({
      ok: false,
      reason: "error",
    });
  });

  it("the second child's selector and values see the first child's parameters (matrix_test.go ClusterValuesFromFirstGenerator)", async () => {
    const t = fakeSourceTrees({ [REPO]: { "guestbook/k.yaml": "", "other/k.yaml": "" } });
    const yaml = `
metadata: { name: repro }
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - matrix:
      generators:
      - git: { repoURL: ${REPO}, revision: HEAD, directories: [ { path: guestbook } ] }
      - clusters:
          selector: { matchLabels: { environment: '{{.path.basename}}' } }
          values: { env: '{{.path.basename}}' }
  template: { metadata: { name: '{{ .name }}-{{ .values.env }}' }, spec: { project: default, destination: { server: '{{ .server }}' } } }`;
    const clusters = [
      cluster("guestbook-cluster", "https://guestbook.example.com", { environment: "guestbook" }),
      cluster("other", "https://other.example.com", { environment: "other" }),
    ];
    const apps = ok(await evaluateAppSet({ appSet: appSet(yaml), config: config({ clusters }), trees: t }));
    expect(names(apps)).toEqual(["guestbook-cluster-guestbook"]);
    expect(spec(apps[0]!).destination.server).toBe("https://guestbook.example.com");
  });

  it("a nested matrix inside a matrix", async () => {
    const yaml = `
metadata: { name: x }
spec:
  generators:
  - matrix:
      generators:
      - matrix:
          generators:
          - list: { elements: [ { a: "1" }, { a: "2" } ] }
          - list: { elements: [ { b: x } ] }
      - list: { elements: [ { c: y } ] }
  template: { metadata: { name: '{{a}}{{b}}{{c}}' }, spec: { project: default } }`;
    expect(names(ok(await evaluateAppSet({ appSet: appSet(yaml), config: config(), trees })))).toEqual(["1xy", "2xy"]);
  });

  it.each([
    [
      "three children",
      "[ { list: { elements: [ {a: '1'} ] } }, { list: { elements: [ {b: '1'} ] } }, { list: { elements: [ {c: '1'} ] } } ]",
    ],
    [
      "plain mode: the same key with different values",
      "[ { list: { elements: [ {a: '1'} ] } }, { list: { elements: [ {a: '2'} ] } } ]",
    ],
  ])("%s is an error", async (_t, gens) => {
    const yaml = `
metadata: { name: x }
spec:
  generators: [ { matrix: { generators: ${gens} } } ]
  template: { metadata: { name: 'n' }, spec: { project: default } }`;
    expect(await evaluateAppSet({ appSet: appSet(yaml), config: config(), trees })).toMatchObject({
      ok: false,
      reason: "error",
    });
  });
});

describe("merge generator", () => {
  // argo-cd:docs/operator-manual/applicationset/Generators-Merge.md (first example)
  const clusters = [
    cluster("staging", "https://staging.example.com", { env: "staging" }),
    cluster("prod", "https://prod.example.com", { "use-kakfa": "false", env: "prod" }),
  ];
  it("left-joins on mergeKeys, later generators override", async () => {
    const yaml = `
metadata: { name: cluster-git }
spec:
  generators:
  - merge:
      mergeKeys: [ server ]
      generators:
      - clusters:
          values: { kafka: 'true', redis: 'false' }
      - clusters:
          selector: { matchLabels: { use-kakfa: 'false' } }
          values: { kafka: 'false' }
      - list:
          elements:
          - server: https://staging.example.com
            values.redis: 'true'
          - server: https://nowhere.example.com
            values.redis: 'true'
  template:
    metadata: { name: '{{name}}' }
    spec: { project: default, source: { helm: { parameters: [ { name: kafka, value: '{{values.kafka}}' }, { name: redis, value: '{{values.redis}}' } ] } } }`;
    const apps = ok(await evaluateAppSet({ appSet: appSet(yaml), config: config({ clusters }), trees }));
    expect(names(apps)).toEqual(["staging", "prod", "in-cluster"]);
    const params = apps.map((a) =>
      spec(a)
        .source.helm.parameters.map((p: { value: string }) => p.value)
        .join("/"),
    );
    expect(params).toEqual(["true/true", "false/false", "true/false"]);
  });

  it("parameter sets must be unique per merge key", async () => {
    const yaml = `
metadata: { name: x }
spec:
  generators:
  - merge:
      mergeKeys: [ k ]
      generators:
      - list: { elements: [ { k: a }, { k: a } ] }
      - list: { elements: [ { k: a } ] }
  template: { metadata: { name: '{{k}}' }, spec: { project: default } }`;
    expect(await evaluateAppSet({ appSet: appSet(yaml), config: config(), trees })).toMatchObject({
      ok: false,
      reason: "error",
    });
  });
});

describe("templating", () => {
  const list = (elements: string, template: string, extra = "") => `
metadata: { name: x }
spec:
  ${extra}
  generators: [ { list: { elements: ${elements} } } ]
  template: ${template}`;

  it.each([
    [
      "unknown fasttemplate keys stay literal, tags are trimmed",
      "[ { a: x } ]",
      "{ metadata: { name: '{{ a }}-{{b}}-{{ }}' }, spec: { project: default } }",
      "",
      "x-{{b}}-{{ }}",
    ],
    [
      "goTemplate prints <no value> for a missing key",
      "[ { a: x } ]",
      "{ metadata: { name: '{{ .a }}-{{ .b }}' }, spec: { project: default } }",
      "goTemplate: true",
      "x-<no value>",
    ],
    [
      "goTemplate with normalize, printf and index",
      "[ { cluster: { name: Prod_East, tags: [blue, green] } } ]",
      "{ metadata: { name: '{{ printf \"%s-%s\" (normalize .cluster.name) (index .cluster.tags 1) }}' }, spec: { project: default } }",
      "goTemplate: true",
      "prod-east-green",
    ],
    [
      "map keys are templated too",
      "[ { a: x } ]",
      "{ metadata: { name: n, labels: { '{{a}}-key': '{{a}}' } }, spec: { project: default } }",
      "",
      "n",
    ],
  ])("%s", async (_t, elements, template, extra, expected) => {
    const apps = ok(await evaluateAppSet({ appSet: appSet(list(elements, template, extra)), config: config(), trees }));
    expect(names(apps)).toEqual([expected]);
    if (_t.startsWith("map keys")) expect(meta(apps[0]!).labels).toEqual({ "x-key": "x" });
  });

  it("missingkey=error turns a missing key into an ApplicationSet error", async () => {
    const r = await evaluateAppSet({
      appSet: appSet(
        list(
          "[ { a: x } ]",
          "{ metadata: { name: '{{ .b }}' }, spec: { project: default } }",
          'goTemplate: true\n  goTemplateOptions: ["missingkey=error"]',
        ),
      ),
      config: config(),
      trees,
    });
    expect(r).toMatchObject({ ok: false, reason: "error" });
    expect(!r.ok && r.message).toContain('map has no entry for key "b"');
  });

  it("templatePatch (Template.md example): lists replaced, maps merged, project restored", async () => {
    const yaml = `
metadata: { name: guestbook }
spec:
  goTemplate: true
  generators:
  - list:
      elements:
      - cluster: engineering-dev
        url: https://kubernetes.default.svc
        autoSync: true
        prune: true
        valueFiles: [ values.large.yaml, values.debug.yaml ]
  template:
    metadata: { name: '{{ .cluster }}-deployment' }
    spec:
      project: default
      source: { repoURL: https://github.com/infra-team/cluster-deployments.git, targetRevision: HEAD, path: 'guestbook/{{ .cluster }}', helm: { valueFiles: [ base.yaml ] } }
      destination: { server: '{{ .url }}', namespace: guestbook }
  templatePatch: |
    spec:
      project: evil
      source:
        helm:
          valueFiles:
          {{- range $valueFile := .valueFiles }}
            - {{ $valueFile }}
          {{- end }}
    {{- if .autoSync }}
      syncPolicy:
        automated:
          prune: {{ .prune }}
    {{- end }}
`;
    const apps = ok(await evaluateAppSet({ appSet: appSet(yaml), config: config(), trees }));
    expect(spec(apps[0]!)).toEqual({
      project: "default",
      source: {
        repoURL: "https://github.com/infra-team/cluster-deployments.git",
        targetRevision: "HEAD",
        path: "guestbook/engineering-dev",
        helm: { valueFiles: ["values.large.yaml", "values.debug.yaml"] },
      },
      destination: { server: "https://kubernetes.default.svc", namespace: "guestbook" },
      syncPolicy: { automated: { prune: true } },
    });
    expect(meta(apps[0]!).finalizers).toEqual([FINALIZER]);
  });

  it("a generator's template wins over the ApplicationSet's where it sets a field (mergo.Merge)", async () => {
    const yaml = `
metadata: { name: x }
spec:
  generators:
  - list:
      elements: [ { a: x } ]
      template:
        metadata: { name: 'override-{{a}}' }
        spec: { project: special, destination: { namespace: '' } }
  - list: { elements: [ { a: y } ] }
  template:
    metadata: { name: '{{a}}', labels: { team: t } }
    spec: { project: default, destination: { server: https://kubernetes.default.svc, namespace: ns } }`;
    const apps = ok(await evaluateAppSet({ appSet: appSet(yaml), config: config(), trees }));
    expect(names(apps)).toEqual(["override-x", "y"]);
    expect(spec(apps[0]!)).toEqual({
      project: "special",
      destination: { server: "https://kubernetes.default.svc", namespace: "ns" },
    });
    expect(meta(apps[0]!).labels).toEqual({ team: "t" });
  });

  it("a generator-level selector filters parameter sets", async () => {
    const yaml = `
metadata: { name: x }
spec:
  goTemplate: true
  generators:
  - list:
      elements: [ { env: dev, n: a }, { env: prod, n: b }, { env: { nested: prod }, n: c } ]
    selector: { matchExpressions: [ { key: env, operator: In, values: [prod] } ] }
  template: { metadata: { name: '{{ .n }}' }, spec: { project: default } }`;
    expect(names(ok(await evaluateAppSet({ appSet: appSet(yaml), config: config(), trees })))).toEqual(["b"]);
  });

  it("duplicate generated names do not abort the reconcile (a validation error in Argo CD): both are returned", async () => {
    const r = await evaluateAppSet({
      appSet: appSet(
        list(
          "[ { a: x, b: '1' }, { a: y, b: '2' }, { a: x, b: '3' } ]",
          "{ metadata: { name: '{{a}}' }, spec: { project: '{{b}}' } }",
        ),
      ),
      config: config(),
      trees,
    });
    const apps = ok(r);
    expect(names(apps)).toEqual(["x", "y", "x"]);
    expect(apps.map((a) => spec(a).project)).toEqual(["1", "2", "3"]);
  });
});

describe("RenderTemplateParams finalizers (argo-cd utils_test.go TestRenderTemplateParamsFinalizers)", () => {
  const bg = "resources-finalizer.argocd.argoproj.io/background";
  it.each<[string, string[] | null, boolean, string[] | undefined]>([
    ["existing finalizer should be preserved", ["existing-finalizer"], false, ["existing-finalizer"]],
    ["background finalizer should be preserved", [bg], false, [bg]],
    ["empty finalizer and empty sync should use standard finalizer", null, false, [FINALIZER]],
    ["standard finalizer should be preserved", [FINALIZER], false, [FINALIZER]],
    ["empty array finalizers should use standard finalizer", [], false, [FINALIZER]],
    ["preserveResourcesOnDeletion should not have a finalizer", null, true, undefined],
    ["user-specified finalizer should overwrite preserveResourcesOnDeletion", [bg], true, [bg]],
  ])("%s", async (_t, finalizers, preserve, expected) => {
    const yaml = `
metadata: { name: x }
spec:
  goTemplate: true
  syncPolicy: { preserveResourcesOnDeletion: ${preserve} }
  generators: [ { list: { elements: [ { one: two } ] } } ]
  template: { metadata: { name: n, finalizers: ${JSON.stringify(finalizers)} }, spec: { project: default } }`;
    expect(meta(ok(await evaluateAppSet({ appSet: appSet(yaml), config: config(), trees }))[0]!).finalizers).toEqual(
      expected,
    );
  });
});

describe("unknown generator kinds", () => {
  it("a misspelt top-level generator only warns in Argo CD and generates nothing", async () => {
    const yaml = `
metadata: { name: x }
spec:
  generators: [ { lists: { elements: [ { a: x } ] } }, { list: { elements: [ { a: y } ] } } ]
  template: { metadata: { name: '{{a}}' }, spec: { project: default } }`;
    expect(names(ok(await evaluateAppSet({ appSet: appSet(yaml), config: config(), trees })))).toEqual(["y"]);
  });
  it("inside a matrix it is an error", async () => {
    const yaml = `
metadata: { name: x }
spec:
  generators: [ { matrix: { generators: [ { lists: { elements: [ { a: x } ] } }, { list: { elements: [ { b: y } ] } } ] } } ]
  template: { metadata: { name: '{{a}}' }, spec: { project: default } }`;
    expect(await evaluateAppSet({ appSet: appSet(yaml), config: config(), trees })).toMatchObject({
      ok: false,
      reason: "error",
    });
  });
});

describe("generators that need live data", () => {
  it.each([
    ["scmProvider", "[ { scmProvider: { github: { organization: myorg } } } ]"],
    [
      "pullRequest (inside a matrix)",
      "[ { matrix: { generators: [ { list: { elements: [ {a: '1'} ] } }, { pullRequest: { github: { owner: o, repo: r } } } ] } } ]",
    ],
    ["plugin", "[ { plugin: { configMapRef: { name: p } } } ]"],
    ["clusterDecisionResource", "[ { clusterDecisionResource: { configMapRef: cm } } ]"],
  ])("%s cannot be evaluated", async (_t, gens) => {
    const r = await evaluateAppSet({
      appSet: appSet(`
metadata: { name: x }
spec:
  generators: ${gens}
  template: { metadata: { name: 'n' }, spec: { project: default } }`),
      config: config(),
      trees,
    });
    expect(r).toMatchObject({ ok: false, reason: "cannot-evaluate" });
    expect(!r.ok && r.message).toMatch(/needs live data/);
  });
});

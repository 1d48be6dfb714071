// The configuration file `.github/argocd-blast-radius.yml` (INTERFACE.md section 2).
// Strict: an unknown key is an error that names it, so a typo never silently
// disables a protection.
import { z } from "zod";
import { checkAllowEntry } from "../core/network/decide-fetch.js";
import { RULE_IDS } from "../core/policy/rules/registry.js";
import { parsePath } from "../core/diff/field-path.js";

const severity = z.enum(["block", "warn", "info", "off"]);

const command = z.strictObject({
  command: z.array(z.string()).min(1),
  args: z.array(z.string()).optional(),
});

const plugin = z.strictObject({
  name: z.string().min(1),
  version: z.string().optional(),
  init: command.optional(),
  generate: command,
  discover: z
    .strictObject({
      fileName: z.string().optional(),
      find: z
        .strictObject({
          glob: z.string().optional(),
          command: z.array(z.string()).optional(),
          args: z.array(z.string()).optional(),
        })
        .optional(),
    })
    .optional(),
  /** extra repository paths (globs, repo-relative) the plugin reads besides its source path */
  inputs: z.array(z.string()).optional(),
});

const cluster = z.strictObject({
  name: z.string().min(1),
  server: z.string().min(1),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  project: z.string().optional(),
});

const fieldPath = z.string().superRefine((path, ctx) => {
  if (!parsePath(path))
    ctx.addIssue({ code: "custom", message: `not a field path: ${path} (e.g. metadata.labels["helm.sh/chart"])` });
});

/** `diff.ignore`: a field path for every kind, or a kind (optionally group, name) with its paths or whole. */
const diffIgnore = z.union([
  fieldPath,
  z.strictObject({
    group: z.string().optional(),
    kind: z.string().min(1),
    name: z.string().optional(),
    paths: z.array(fieldPath).optional(),
  }),
]);

export const configSchema = z.strictObject({
  argocdNamespace: z.string().min(1).optional(),
  protectedNamespaces: z.array(z.string()).optional(),
  repoServerNamespace: z.string().min(1).optional(),
  argocd: z
    .strictObject({
      version: z.union([z.string(), z.number()]).optional(),
      trackingMethod: z.enum(["annotation", "label", "annotation+label"]).optional(),
      instanceLabelKey: z.string().min(1).optional(),
      installationID: z.string().optional(),
      applicationSetPolicy: z.enum(["sync", "create-only", "create-update", "create-delete"]).optional(),
      /** whether per-ApplicationSet `applicationsSync` is honoured; Argo CD's default: only when no controller policy is set */
      applicationSetPolicyOverride: z.boolean().optional(),
      /** argocd-cm kustomize.buildOptions, e.g. "--enable-helm --load-restrictor LoadRestrictionsNone" */
      kustomizeBuildOptions: z.string().optional(),
      /** applicationsetcontroller.enable.new.git.file.globbing */
      newGitFileGlobbing: z.boolean().optional(),
    })
    .optional(),
  kubeVersion: z.string().min(1).optional(),
  apiVersions: z.array(z.string()).optional(),
  repoURLs: z.array(z.string()).optional(),
  clusters: z.array(cluster).optional(),
  plugins: z.array(plugin).optional(),
  policy: z
    .strictObject({
      maxDeletions: z.number().int().nonnegative().optional(),
      rules: z.partialRecord(z.enum(RULE_IDS), severity).optional(),
    })
    .optional(),
  network: z
    .strictObject({
      /** fetch nothing that repository content names; such sources are not analysed */
      offline: z.boolean().optional(),
      /** hosts, *.domain globs, addresses or CIDRs that may be fetched although not public */
      allow: z
        .array(
          z.string().superRefine((entry, ctx) => {
            const problem = checkAllowEntry(entry);
            if (problem) ctx.addIssue({ code: "custom", message: problem });
          }),
        )
        .optional(),
    })
    .optional(),
  diff: z
    .strictObject({
      /** what the report does not show as a change (team noise, e.g. helm's chart label) */
      ignore: z.array(diffIgnore).optional(),
    })
    .optional(),
  render: z
    .strictObject({
      /** per-render timeout, seconds */
      timeoutSeconds: z.number().positive().optional(),
      /** per-render output cap, bytes */
      maxOutputBytes: z.number().int().positive().optional(),
      /** per tool process, MiB of address space, enforced by the OS (prlimit --as) */
      memoryMiB: z.number().int().positive().optional(),
      /** parallel renders (default: number of cores) */
      concurrency: z.number().int().positive().optional(),
    })
    .optional(),
});

export type ConfigFile = z.infer<typeof configSchema>;
export type PluginConfig = z.infer<typeof plugin>;

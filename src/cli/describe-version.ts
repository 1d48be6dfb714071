// `blast-radius --version`: ours, and the helm and kustomize a render would use, found and run
// exactly as an analysis finds them (a version that cannot be shown is a tool that cannot render).
import { createRequire } from "node:module";
import { checkTools } from "../adapters/exec/check-tools.js";

export async function describeVersion(): Promise<{ lines: string[]; error?: string }> {
  // src/cli and dist/cli are both two levels below the package root.
  const pkg = createRequire(import.meta.url)("../../package.json") as { version: string };
  const lines = [`blast-radius ${pkg.version}`];
  const tools = await checkTools();
  if (!tools.ok) return { lines, error: tools.error };
  for (const t of tools.tools) {
    const what = t.builtInto ? `, built into ${t.builtInto}` : t.name === "helm4" ? ", for Argo CD 3.5 and later" : "";
    lines.push(`${t.name} ${t.version}${what} (${t.command.path})`);
  }
  return { lines };
}

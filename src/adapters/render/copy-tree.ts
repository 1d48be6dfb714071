// A private copy of a checkout for tools that write (kustomize edits, plugins, helm dependency
// build): the shared checkout is read by other renders at the same time and must never change.
import { cp } from "node:fs/promises";
import { basename } from "node:path";

export async function copyTree(params: { from: string; to: string }): Promise<void> {
  await cp(params.from, params.to, {
    recursive: true,
    // keep links as links; whether they stay inside the tree is checked where files are read
    verbatimSymlinks: true,
    filter: (src) =>
      !(basename(src) === ".git" && src.slice(0, -4).replace(/\/$/, "") === params.from.replace(/\/$/, "")),
  });
}

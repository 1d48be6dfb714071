// Discovery keyed by git object ids: the head side re-reads only what differs from base, a tree
// seen by an earlier analysis comes from the cache directory, and a corrupt or stale entry is a
// miss. Every case compares with a discovery that shares nothing.
import { describe, expect, it } from "@jest/globals";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAppFileDiscovery, DISCOVERY_LAYOUT } from "../../../src/adapters/git/discover-app-files.js";
import { openLocalRepo } from "../../../src/adapters/git/local-repo.js";
import { makeRepo, REPO_URL } from "../../scenario/scenario-repo.js";

const app = (name: string, path = `apps/${name}`) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: { name: ${name}, namespace: argocd }\nspec:\n  source: { repoURL: "${REPO_URL}", path: ${path} }\n  destination: { namespace: ${name} }\n`;

async function withRepo(fn: (p: { dir: string; cache: string }) => Promise<void>): Promise<void> {
  const repo = await makeRepo({
    base: {
      "argocd/a.yaml": app("a"),
      "argocd/b.yaml": app("b"),
      "argocd/c.yaml": app("c"),
      "argocd/broken.yaml": "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: [\n",
      "apps/a/cm.yaml": "kind: ConfigMap\n",
      "README.md": "docs\n",
    },
    head: {
      "argocd/b.yaml": app("b", "apps/b2"),
      "argocd/c.yaml": null,
      "argocd/d.yaml": app("d"),
      "README.md": "more\n",
    },
  });
  const cache = await mkdtemp(join(tmpdir(), "br-discovery-"));
  try {
    await fn({ dir: repo.dir, cache });
  } finally {
    await repo.cleanup();
    await rm(cache, { recursive: true, force: true });
  }
}

const names = (found: { docs: { file: string; obj: { metadata?: unknown } }[] }) =>
  found.docs.map((d) => `${d.file}:${JSON.stringify(d.obj.metadata)}`);

describe("createAppFileDiscovery", () => {
  it("head derived from base: only the paths that differ are grepped and parsed; same result as alone", async () => {
    await withRepo(async ({ dir }) => {
      const repo = await openLocalRepo(dir);
      try {
        const [base, head] = [await repo.tree("main"), await repo.tree("feature")];
        const d = createAppFileDiscovery();
        const b = await d.discover(base);
        const h = await d.discover(head, base);
        expect(d.stats).toMatchObject({ fullGreps: 1, derived: 1, parsed: 4 + 2 });
        const alone = await createAppFileDiscovery().discover(head);
        expect(h).toEqual(alone);
        expect(names(h)).toEqual(
          ["argocd/a.yaml", "argocd/b.yaml", "argocd/d.yaml"].map(
            (f, i) => `${f}:${JSON.stringify({ name: ["a", "b", "d"][i], namespace: "argocd" })}`,
          ),
        );
        expect(h.parseErrors.map((e) => e.file)).toEqual(["argocd/broken.yaml"]);
        // the unchanged file's objects are the base's own
        expect(h.docs[0]!.obj).toBe(b.docs[0]!.obj);
      } finally {
        await repo.dispose();
      }
    });
  });

  it("a tree seen by an earlier analysis comes from the cache directory; a corrupt entry is a miss", async () => {
    await withRepo(async ({ dir, cache }) => {
      const repo = await openLocalRepo(dir);
      try {
        const base = await repo.tree("main");
        const first = createAppFileDiscovery({ cacheDir: cache });
        const want = await first.discover(base);
        expect(first.stats.diskHits).toBe(0);
        const second = createAppFileDiscovery({ cacheDir: cache });
        expect(await second.discover(base)).toEqual(want);
        expect(second.stats).toMatchObject({ diskHits: 1, fullGreps: 0, parsed: 0 });

        const root = join(cache, DISCOVERY_LAYOUT);
        const [entry] = (await readdir(root)).filter((n) => n.endsWith(".bin"));
        const buf = await readFile(join(root, entry!));
        buf.writeUInt8(buf.readUInt8(buf.length - 3) ^ 0xff, buf.length - 3);
        await writeFile(join(root, entry!), buf);
        const third = createAppFileDiscovery({ cacheDir: cache });
        expect(await third.discover(base)).toEqual(want);
        expect(third.stats).toMatchObject({ diskHits: 0, fullGreps: 1 });

        await writeFile(join(root, entry!), "not an entry");
        const fourth = createAppFileDiscovery({ cacheDir: cache });
        expect(await fourth.discover(base)).toEqual(want);
        expect(fourth.stats.diskHits).toBe(0);
      } finally {
        await repo.dispose();
      }
    });
  });

  it("an entry naming a blob the tree does not have is a miss (never an answer for another content)", async () => {
    await withRepo(async ({ dir, cache }) => {
      const repo = await openLocalRepo(dir);
      try {
        const [base, head] = [await repo.tree("main"), await repo.tree("feature")];
        await createAppFileDiscovery({ cacheDir: cache }).discover(base);
        // the entry of base, renamed as if it were head's: its blob ids do not match head
        const root = join(cache, DISCOVERY_LAYOUT);
        const [entry] = (await readdir(root)).filter((n) => n.endsWith(".bin"));
        const other = createAppFileDiscovery({ cacheDir: cache });
        await other.discover(head); // writes head's own entry
        const headEntry = (await readdir(root)).find((n) => n.endsWith(".bin") && n !== entry)!;
        await writeFile(join(root, headEntry), await readFile(join(root, entry!)));
        const fresh = createAppFileDiscovery({ cacheDir: cache });
        expect(await fresh.discover(head)).toEqual(await createAppFileDiscovery().discover(head));
        expect(fresh.stats.diskHits).toBe(0);
      } finally {
        await repo.dispose();
      }
    });
  });

  it("a primed discovery (a kept side's) answers with its own objects; one that does not fit the tree is ignored", async () => {
    await withRepo(async ({ dir }) => {
      const repo = await openLocalRepo(dir);
      try {
        const [base, head] = [await repo.tree("main"), await repo.tree("feature")];
        const first = createAppFileDiscovery();
        const want = await first.discover(base);
        const kept = structuredClone(await first.candidatesOf(base))!;
        expect(kept.map((c) => c.path)).toEqual([
          "argocd/a.yaml",
          "argocd/b.yaml",
          "argocd/broken.yaml",
          "argocd/c.yaml",
        ]);
        const primed = createAppFileDiscovery();
        primed.prime(base, kept);
        const got = await primed.discover(base);
        expect(got).toEqual(want);
        expect(primed.stats).toMatchObject({ fullGreps: 0, parsed: 0 });
        expect(got.docs[0]!.obj).toBe(kept[0]!.found.docs[0]!.obj);
        // head derived from the primed base shares the unchanged file's objects
        const h = await primed.discover(head, base);
        expect(h).toEqual(await createAppFileDiscovery().discover(head));
        expect(h.docs[0]!.obj).toBe(kept[0]!.found.docs[0]!.obj);
        // base's candidates primed as head's: their blobs differ, so head is discovered on its own
        const wrong = createAppFileDiscovery();
        wrong.prime(head, kept);
        expect(await wrong.discover(head)).toEqual(await createAppFileDiscovery().discover(head));
        expect(wrong.stats.fullGreps).toBe(1);
      } finally {
        await repo.dispose();
      }
    });
  });
});

// The blob reader after close: a late read fails at once and starts no git process that would
// keep the program alive.
import { describe, expect, it } from "@jest/globals";
import { execa } from "execa";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBlobReader } from "../../../src/adapters/git/blob-reader.js";

describe("createBlobReader", () => {
  it("reads blobs, and refuses reads once closed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "blob-"));
    try {
      await execa("git", ["init", "-q", dir]);
      await writeFile(join(dir, "a.txt"), "hello\n");
      const { stdout: oid } = await execa("git", ["-C", dir, "hash-object", "-w", "a.txt"]);
      const reader = createBlobReader({ repoDir: dir, env: { ...process.env } as Record<string, string> });
      expect((await reader.read(oid))?.toString()).toBe("hello\n");
      reader.close();
      await expect(reader.read(oid)).rejects.toThrow(/closed/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("createBlobReader, many reads in one turn", () => {
  it("answers each read with its own blob, in any mix of present and missing ids", async () => {
    const dir = await mkdtemp(join(tmpdir(), "blob-"));
    try {
      await execa("git", ["init", "-q", dir]);
      const oids: string[] = [];
      for (let i = 0; i < 50; i++) {
        await writeFile(join(dir, `f${i}.txt`), `file ${i}\n`.repeat(i + 1));
        oids.push((await execa("git", ["-C", dir, "hash-object", "-w", `f${i}.txt`])).stdout);
      }
      const reader = createBlobReader({ repoDir: dir, env: { ...process.env } as Record<string, string> });
      const missing = "0".repeat(40);
      const ids = oids.flatMap((o, i) => (i % 7 === 0 ? [o, missing] : [o]));
      const got = await Promise.all(ids.map((o) => reader.read(o)));
      const want = ids.map((o) =>
        o === missing ? undefined : `file ${oids.indexOf(o)}\n`.repeat(oids.indexOf(o) + 1),
      );
      expect(got.map((b) => b?.toString())).toEqual(want);
      reader.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

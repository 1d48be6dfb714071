// Reads git blobs by id through one long-lived `git cat-file --batch`, so thousands of small
// reads cost one process instead of thousands of file opens (or a full checkout).
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

export interface BlobReader {
  read(oid: string): Promise<Buffer | undefined>;
  close(): void;
}

export function createBlobReader(params: { repoDir: string; env: Record<string, string> }): BlobReader {
  let proc: ChildProcessWithoutNullStreams | undefined;
  let buffer: Buffer = Buffer.alloc(0);
  const waiting: { resolve: (b: Buffer | undefined) => void }[] = [];
  let failed: Error | undefined;
  /** closed for good: a late read (a side still running after the analysis ended) must not
   *  start a new `git cat-file` that nothing will ever end, keeping the process alive. */
  let closed = false;

  let requests: string[] = [];
  const flush = (): void => {
    const ids = requests;
    requests = [];
    if (ids.length === 0) return;
    if (!proc) {
      // the process ended (or the reader closed) before the write: those reads answer nothing
      for (const w of waiting.splice(0)) w.resolve(undefined);
      return;
    }
    proc.stdin.write(`${ids.join("\n")}\n`);
  };

  const drain = (): void => {
    for (;;) {
      const head = waiting[0];
      if (!head) return;
      const nl = buffer.indexOf(10);
      if (nl < 0) return;
      const header = buffer.subarray(0, nl).toString("utf8");
      if (header.endsWith(" missing")) {
        buffer = buffer.subarray(nl + 1);
        waiting.shift();
        head.resolve(undefined);
        continue;
      }
      const size = Number.parseInt(header.split(" ")[2] ?? "", 10);
      if (!Number.isFinite(size)) {
        failed = new Error(`git cat-file: unexpected output ${header.slice(0, 80)}`);
        for (const w of waiting.splice(0)) w.resolve(undefined);
        return;
      }
      if (buffer.length < nl + 1 + size + 1) return;
      const body = Buffer.from(buffer.subarray(nl + 1, nl + 1 + size));
      buffer = buffer.subarray(nl + 1 + size + 1);
      waiting.shift();
      head.resolve(body);
    }
  };

  const start = (): ChildProcessWithoutNullStreams => {
    const p = spawn("git", ["-C", params.repoDir, "cat-file", "--batch"], {
      env: params.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    p.stdout.on("data", (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      drain();
    });
    p.on("error", (err) => {
      failed = err;
      requests = [];
      for (const w of waiting.splice(0)) w.resolve(undefined);
    });
    p.on("exit", () => {
      requests = []; // their readers are answered here; a new process must not answer them
      for (const w of waiting.splice(0)) w.resolve(undefined);
      proc = undefined;
    });
    return p;
  };

  return {
    read(oid) {
      if (closed) return Promise.reject(new Error("git cat-file: read after the repository was closed"));
      if (failed) return Promise.reject(failed);
      proc ??= start();
      const p = new Promise<Buffer | undefined>((resolve) => waiting.push({ resolve }));
      // Requests made in the same turn of the event loop go out as one write: one write per id
      // was the largest self-time item (writeUtf8String) of a 10,000-app analysis.
      requests.push(oid);
      if (requests.length === 1) setImmediate(flush);
      return p;
    },
    close() {
      closed = true;
      flush();
      proc?.stdin.end();
      proc = undefined;
    },
  };
}

// The built app (`node dist/app/main.js`) as a child process against the fake GitHub: what the
// cross-process tests and the queue benchmark start, kill and restart.
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const WEBHOOK_SECRET = "fake-webhook-secret";
export const APP_ID = 123;

/** dist/app/main.js of this checkout (this module lives in src/dev/fake-github or dist/dev/fake-github). */
export const APP_MAIN = fileURLToPath(new URL("../../../dist/app/main.js", import.meta.url));

export interface AppProcess {
  name: string;
  port: number;
  /** http://127.0.0.1:<port>/api/github/webhooks */
  webhookUrl: string;
  child: ChildProcess;
  /** every log line so far (pino JSON) */
  lines: string[];
  /** resolves with the first log line whose msg is `msg` */
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** resolves when the process has exited */
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

let privateKey: string | undefined;
function testPrivateKey(): string {
  privateKey ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey;
  return privateKey;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A scratch directory with the operator's configuration file (BLAST_RADIUS_CONFIG). */
export async function writeServerConfig(yaml: string): Promise<{ path: string; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "br-app-config-"));
  const path = join(dir, "server.yml");
  await writeFile(path, yaml);
  return { path, dispose: () => rm(dir, { recursive: true, force: true }) };
}

export async function startAppProcess(params: {
  name: string;
  githubHost: string;
  env?: Record<string, string>;
  /** a fixed port (a restart keeps its address); default a free one */
  port?: number;
}): Promise<AppProcess> {
  const port = params.port ?? (await freePort());
  const child = spawn(process.execPath, [APP_MAIN], {
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? tmpdir(),
      APP_ID: String(APP_ID),
      PRIVATE_KEY: testPrivateKey(),
      WEBHOOK_SECRET,
      PORT: String(port),
      HOST: "127.0.0.1",
      GHE_HOST: params.githubHost,
      GHE_PROTOCOL: "http",
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
      ...params.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters: { msg: string; resolve: (l: Record<string, unknown>) => void }[] = [];
  const onLine = (line: string) => {
    lines.push(line);
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    for (const w of waiters.splice(0)) {
      if (parsed.msg === w.msg) w.resolve(parsed);
      else waiters.push(w);
    }
  };
  let rest = "";
  const onData = (d: Buffer) => {
    rest += d.toString("utf8");
    const parts = rest.split("\n");
    rest = parts.pop() ?? "";
    for (const l of parts) if (l.trim()) onLine(l);
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const app: AppProcess = {
    name: params.name,
    port,
    webhookUrl: `http://127.0.0.1:${port}/api/github/webhooks`,
    child,
    lines,
    exited,
    waitForLog(msg, timeoutMs = 30_000) {
      for (const l of lines) {
        try {
          const parsed = JSON.parse(l) as Record<string, unknown>;
          if (parsed.msg === msg) return Promise.resolve(parsed);
        } catch {
          // not JSON
        }
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${params.name}: no "${msg}" log line within ${timeoutMs} ms:\n${lines.join("\n")}`)),
          timeoutMs,
        );
        waiters.push({
          msg,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`${params.name} exited before "${msg}":\n${lines.join("\n")}`));
        });
      });
    },
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  await app.waitForLog("blast-radius app started");
  return app;
}

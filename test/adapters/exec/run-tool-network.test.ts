// Tool processes reach the network only through the policy proxy: real kustomize, helm and git,
// and a local HTTP server on 127.0.0.1 that they must not reach by default and can reach when
// network.allow lists it. Both isolation modes: a private network namespace where the host has
// one (with either launcher), and the proxy alone (macOS, locked-down runners).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createServer, type Server } from "node:http";
import { mkdtemp, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { detectIsolation, type Isolation } from "../../../src/adapters/exec/detect-isolation.js";
import { resolveTools } from "../../../src/adapters/exec/resolve-tools.js";
import { runTool, type RunToolParams } from "../../../src/adapters/exec/run-tool.js";

const tools = resolveTools();
const kustomize = tools.kustomize!;
const helm = tools.helm!;

let server: Server;
let port: number;
const hits: string[] = [];
let isolation: Isolation;
let dir: string;

beforeAll(async () => {
  isolation = await detectIsolation();
  server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.end("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-loopback\n");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
  dir = await mkdtemp(join(tmpdir(), "run-tool-net-"));
});
afterAll(() => new Promise((r) => server.close(r)));

/** A kustomization with one remote resource; returns its directory. */
async function kustomization(resource: string): Promise<string> {
  const d = await mkdtemp(join(dir, "k-"));
  await writeFile(join(d, "kustomization.yaml"), `resources:\n- ${resource}\n`);
  return d;
}

function run(p: {
  cwd: string;
  args: string[];
  cmd?: string;
  allow?: string[];
  offline?: boolean;
  iso?: Isolation;
  tunnels?: RunToolParams["network"]["tunnels"];
  resolveHost?: RunToolParams["resolveHost"];
}) {
  return runTool({
    cmd: p.cmd ?? kustomize.path,
    args: p.cmd ? p.args : [...kustomize.prefixArgs, ...p.args],
    cwd: p.cwd,
    env: { PATH: "/usr/bin:/bin", HOME: p.cwd, TMPDIR: p.cwd },
    timeoutMs: 60_000,
    maxOutputBytes: 1 << 20,
    label: "tool",
    network: { policy: { offline: p.offline ?? false, allow: p.allow ?? [] }, tunnels: p.tunnels },
    memoryMiB: 2048,
    isolation: p.iso ?? isolation,
    ...(p.resolveHost ? { resolveHost: p.resolveHost } : {}),
  });
}

/** stdout, or the failure in full (so a failing case says why). */
const outputOf = (r: Awaited<ReturnType<typeof runTool>>) =>
  r.ok ? r.stdout : `${r.error.failure}: ${r.error.message}\n${r.error.stderr}`;

/** The namespace with its usual launcher (socat here), with the Node launcher (a host without
 *  socat), and only the proxy (a host without namespaces). */
const MODES = ["namespace", "namespace, Node launcher", "proxy only"] as const;
const isolationOf = (mode: (typeof MODES)[number]): Isolation =>
  mode === "namespace"
    ? isolation
    : mode === "proxy only"
      ? { ...isolation, netns: undefined }
      : { ...isolation, netns: { ...isolation.netns!, socat: undefined } };
const repoTest = async (host: string) => {
  if (host === "repo.test") return ["127.0.0.1"];
  throw new Error(`no such host ${host}`);
};

describe("tool processes and the network policy", () => {
  it("the host offers a private network namespace here (the CI machine)", () => {
    expect(isolation.netns).toBeDefined();
  });

  it("kustomize does not reach 127.0.0.1 named directly, in a network namespace", async () => {
    const before = hits.length;
    const r = await run({ cwd: await kustomization(`http://127.0.0.1:${port}/cm.yaml`), args: ["."] });
    expect(r.ok).toBe(false);
    expect(hits.length).toBe(before);
  });

  it("kustomize reaches 127.0.0.1 when network.allow lists it (through a tunnel in the namespace)", async () => {
    const before = hits.length;
    const r = await run({
      cwd: await kustomization(`http://127.0.0.1:${port}/cm.yaml`),
      args: ["."],
      allow: ["127.0.0.1"],
      tunnels: [{ host: "127.0.0.1", port }],
    });
    expect(outputOf(r)).toContain("name: from-loopback");
    expect(hits.length).toBe(before + 1);
  });

  it.each(MODES)("%s: a name resolving to loopback is refused, naming the host and network.allow", async (mode) => {
    const iso = isolationOf(mode);
    const before = hits.length;
    const r = await run({
      cwd: await kustomization(`http://repo.test:${port}/cm.yaml`),
      args: ["."],
      iso,
      resolveHost: repoTest,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.failure).toBe("refused-by-policy");
    expect(r.error.message).toBe(
      "tool: network: refused repo.test: it resolves to 127.0.0.1, a loopback address; list it in network.allow to fetch it",
    );
    expect(hits.length).toBe(before);
  });

  it.each(MODES)("%s: an allowed name is fetched through the proxy", async (mode) => {
    const iso = isolationOf(mode);
    const before = hits.length;
    const r = await run({
      cwd: await kustomization(`http://repo.test:${port}/cm.yaml`),
      args: ["."],
      iso,
      allow: ["repo.test"],
      resolveHost: repoTest,
    });
    expect(outputOf(r)).toContain("name: from-loopback");
    expect(hits.slice(before)).toEqual(["GET /cm.yaml"]);
  });

  it.each(MODES)("%s: the cloud metadata address is refused before any connection", async (mode) => {
    const iso = isolationOf(mode);
    const r = await run({
      cwd: await kustomization("http://169.254.169.254/latest/meta-data/x.yaml"),
      args: ["."],
      iso,
    });
    expect(!r.ok && r.error.message).toBe(
      "tool: network: refused 169.254.169.254: it is a link-local address (cloud metadata lives there); list it in network.allow to fetch it",
    );
  });

  it.each(MODES)("%s: offline refuses even an allowed host", async (mode) => {
    const iso = isolationOf(mode);
    const before = hits.length;
    const r = await run({
      cwd: await kustomization(`http://repo.test:${port}/cm.yaml`),
      args: ["."],
      iso,
      offline: true,
      allow: ["repo.test"],
      resolveHost: repoTest,
    });
    expect(!r.ok && r.error.message).toBe("tool: network: repo.test not fetched: network.offline is set");
    expect(hits.length).toBe(before);
  });

  it.each(MODES)("%s: helm's repository fetch goes through the policy", async (mode) => {
    const iso = isolationOf(mode);
    const before = hits.length;
    const home = await mkdtemp(join(dir, "h-"));
    const r = await run({
      cmd: helm.path,
      args: ["pull", "web", "--repo", `http://repo.test:${port}`],
      cwd: home,
      iso,
      resolveHost: repoTest,
    });
    expect(!r.ok && r.error.failure).toBe("refused-by-policy");
    expect(hits.length).toBe(before);
  });

  it.each(MODES)("%s: git (kustomize remote bases) goes through the policy; ssh is not allowed", async (mode) => {
    const iso = isolationOf(mode);
    const before = hits.length;
    const http = await run({
      cwd: await kustomization(`https://repo.test:${port}/org/repo//base?ref=main`),
      args: ["."],
      iso,
      resolveHost: repoTest,
    });
    expect(!http.ok && http.error.failure).toBe("refused-by-policy");
    const ssh = await run({
      cwd: await kustomization(`ssh://git@127.0.0.1:${port}/org/repo//base`),
      args: ["."],
      iso,
    });
    expect(ssh.ok).toBe(false);
    expect(!ssh.ok && ssh.error.stderr).toMatch(/transport 'ssh' not allowed/);
    expect(hits.length).toBe(before);
  });
});

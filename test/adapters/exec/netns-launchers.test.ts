// The two launchers that start a tool inside its network namespace behave the same: the socat
// launcher (sh + socat, no Node per run; socat-launcher.ts) where the host has socat and the run
// needs no loopback tunnel, else the Node launcher (netns-launcher.ts). The tools' own fetches
// through either are in run-tool-network.test.ts; here, what the launcher itself owes: the relay
// listening before the tool starts, the tool's status, a missing command, setup failures, and
// nothing the tool left behind surviving it.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { chmod, mkdtemp, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { execa } from "execa";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { detectIsolation, type Isolation } from "../../../src/adapters/exec/detect-isolation.js";
import { runTool } from "../../../src/adapters/exec/run-tool.js";
import { wrapToolCommand } from "../../../src/adapters/exec/wrap-tool-command.js";
import { sleepers } from "../../support/processes.js";
import { SOCAT_LAUNCHER_SCRIPT } from "../../../src/adapters/exec/socat-launcher.js";

let isolation: Isolation;
let netns: NonNullable<Isolation["netns"]>;
let dir: string;
let server: Server;
let port: number;

beforeAll(async () => {
  isolation = await detectIsolation();
  netns = isolation.netns!;
  dir = await mkdtemp(join(tmpdir(), "netns-launchers-"));
  server = createServer((_req, res) => res.end("from-loopback\n"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((r) => server.close(r)));

const launchers = {
  socat: () => isolation,
  node: (): Isolation => ({ ...isolation, netns: { ...netns, socat: undefined } }),
};
const both = Object.keys(launchers) as (keyof typeof launchers)[];
/** Without prlimit the launcher starts the tool itself (else prlimit does). */
const bare = (iso: Isolation): Isolation => ({ ...iso, prlimit: undefined });

function run(p: { iso: Isolation; cmd: string; args: string[]; allow?: string[] }) {
  return runTool({
    cmd: p.cmd,
    args: p.args,
    cwd: dir,
    env: { PATH: "/usr/bin:/bin", HOME: dir },
    timeoutMs: 30_000,
    maxOutputBytes: 1 << 20,
    label: "tool",
    network: { policy: { offline: false, allow: p.allow ?? [] } },
    memoryMiB: 2048,
    isolation: p.iso,
    resolveHost: async () => ["127.0.0.1"],
  });
}

/** A tool that connects to the proxy forwarder the instant it starts (socat as the client; it
 *  keeps its side open until the answer ends, as HTTP clients do). */
const fetchAtOnce = () => [
  "-c",
  `printf 'GET http://repo.test:${port}/x HTTP/1.0\\r\\nHost: repo.test:${port}\\r\\n\\r\\n' | ${netns.socat!.socat} -,ignoreeof TCP4:127.0.0.1:3128`,
];

const outputOf = (r: Awaited<ReturnType<typeof runTool>>) =>
  r.ok ? r.stdout : `${r.error.failure}: ${r.error.message}\n${r.error.stderr}`;

describe("the launchers inside the network namespace", () => {
  it("this host (the CI machine) has the socat launcher", () => {
    expect(netns.socat).toBeDefined();
  });

  it("the socat launcher serves a run without tunnels; a tunnel or an odd socket name takes the Node launcher", () => {
    const wrap = (socketPath: string, tunnels: { host: string; port: number }[]) =>
      wrapToolCommand({ isolation, cmd: "true", args: [], timeoutMs: 1000, netns: { socketPath, port: 3128, tunnels } })
        .args;
    expect(wrap("/tmp/x/proxy.sock", [])).toContain(netns.socat!.socat);
    expect(wrap("/tmp/x/proxy.sock", [{ host: "127.0.0.1", port: 5000 }])).toContain(netns.node);
    expect(wrap("/tmp/x/proxy,1.sock", [])).toContain(netns.node);
  });

  it.each(both)("%s: the tool reaches the proxy from its first instant", async (launcher) => {
    const r = await run({ iso: launchers[launcher](), cmd: "/bin/sh", args: fetchAtOnce(), allow: ["repo.test"] });
    expect(outputOf(r)).toContain("from-loopback");
  });

  it("socat: the tool starts only once the relay listens, however late socat is", async () => {
    const lateSocat = join(dir, "late-socat");
    await writeFile(lateSocat, `#!/bin/sh\nsleep 0.5\nexec ${netns.socat!.socat} "$@"\n`);
    await chmod(lateSocat, 0o755);
    const iso: Isolation = { ...isolation, netns: { ...netns, socat: { ...netns.socat!, socat: lateSocat } } };
    const r = await run({ iso, cmd: "/bin/sh", args: fetchAtOnce(), allow: ["repo.test"] });
    expect(outputOf(r)).toContain("from-loopback");
  });

  it("socat: a socket directory whose name socat would split (: and ,) still works", async () => {
    const socketPath = join(await mkdtemp(join(dir, "a:b,c-")), "proxy.sock");
    const answer = createNetServer((c) => c.end("through the relay\n"));
    await new Promise<void>((r) => answer.listen(socketPath, r));
    try {
      const wrapped = wrapToolCommand({
        isolation,
        cmd: netns.socat!.socat,
        args: ["-u", "TCP4:127.0.0.1:3128", "-"],
        timeoutMs: 10_000,
        netns: { socketPath, port: 3128, tunnels: [] },
      });
      expect(wrapped.args).toContain(netns.socat!.socat);
      const r = await execa(wrapped.cmd, wrapped.args, { reject: false, stdin: "ignore" });
      expect(`${r.stdout}${r.stderr}`).toBe("through the relay");
    } finally {
      await new Promise((r) => answer.close(r));
    }
  });

  it.each(both)("%s: the tool's exit status, and a signal's death as 128+n", async (launcher) => {
    const iso = bare(launchers[launcher]());
    const three = await run({ iso, cmd: "/bin/sh", args: ["-c", "echo 'Error: bad' >&2; exit 3"] });
    expect(!three.ok && [three.error.failure, three.error.exitCode, three.error.message]).toEqual([
      "exit",
      3,
      "tool: bad",
    ]);
    const killed = await run({ iso, cmd: "/bin/sh", args: ["-c", "kill -KILL $$"] });
    expect(!killed.ok && killed.error.exitCode).toBe(137);
  });

  it.each(both)("%s: a command that is not there is a missing tool", async (launcher) => {
    const iso = bare(launchers[launcher]());
    for (const cmd of ["/nonexistent/helm", "no-such-tool-xyz"]) {
      const r = await run({ iso, cmd, args: [] });
      expect(!r.ok && [r.error.failure, r.error.message]).toEqual(["missing-tool", `tool: command not found: ${cmd}`]);
    }
  });

  it.each(both)("%s: a command named like a shell builtin runs the executable in PATH", async (launcher) => {
    // dash's builtin echo would turn \t into a tab; coreutils echo (without -e) does not
    const r = await run({ iso: bare(launchers[launcher]()), cmd: "echo", args: ["a\\tb"] });
    expect(outputOf(r)).toBe("a\\tb\n");
  });

  it.each(both)("%s: a loopback that cannot come up is a sandbox failure, not the tool's", async (launcher) => {
    const base = launchers[launcher]();
    const iso: Isolation = { ...base, netns: { ...base.netns!, ip: "/bin/false" } };
    const r = await run({ iso, cmd: "/bin/true", args: [] });
    expect(!r.ok && r.error.failure).toBe("spawn");
    expect(!r.ok && r.error.message).toMatch(/^tool: network sandbox: cannot bring up loopback/);
  });

  it("socat: a relay that dies before listening is a sandbox failure", async () => {
    const iso: Isolation = { ...isolation, netns: { ...netns, socat: { ...netns.socat!, socat: "/bin/false" } } };
    const r = await run({ iso, cmd: "/bin/true", args: [] });
    expect(!r.ok && [r.error.failure, r.error.message]).toEqual([
      "spawn",
      "tool: network sandbox: the relay (socat) exited with status 1 before listening on 127.0.0.1:3128",
    ]);
  });

  it("socat: a relay that never listens is a sandbox failure after a bounded wait", async () => {
    const stuck = join(dir, "stuck-socat");
    await writeFile(stuck, "#!/bin/sh\nexec sleep 60\n");
    await chmod(stuck, 0o755);
    const iso: Isolation = { ...isolation, netns: { ...netns, socat: { ...netns.socat!, socat: stuck } } };
    const r = await run({ iso, cmd: "/bin/true", args: [] });
    expect(!r.ok && [r.error.failure, r.error.message]).toEqual([
      "spawn",
      "tool: network sandbox: the relay (socat) was not listening on 127.0.0.1:3128 after about 5 s",
    ]);
  }, 30_000);

  it.each(both)("%s: what the tool leaves behind, even outside its group (setsid), dies with it", async (launcher) => {
    const marker = `${8_000_000 + Math.floor(Math.random() * 999_999)}`;
    const r = await run({
      iso: launchers[launcher](),
      cmd: "/bin/sh",
      args: ["-c", `setsid sleep ${marker} </dev/null >/dev/null 2>&1 & sleep 0.2; echo started`],
    });
    expect(outputOf(r)).toBe("started\n");
    let alive = await sleepers(marker);
    for (let i = 0; i < 50 && alive.length > 0; i++) {
      await new Promise((ok) => setTimeout(ok, 100));
      alive = await sleepers(marker);
    }
    for (const pid of alive) process.kill(pid, "SIGKILL"); // not the system's to keep
    expect(alive).toEqual([]);
  });
});

describe("the socat launcher's order", () => {
  it("brings the loopback up before socat binds (a bind during `ip link set lo up` can fail with EADDRNOTAVAIL)", () => {
    const up = SOCAT_LAUNCHER_SCRIPT.indexOf("link set lo up");
    const listen = SOCAT_LAUNCHER_SCRIPT.indexOf("TCP4-LISTEN");
    expect(up).toBeGreaterThan(0);
    expect(listen).toBeGreaterThan(up);
  });
});

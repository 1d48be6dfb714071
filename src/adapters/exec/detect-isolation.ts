// What this host offers to confine a tool process, found once per process: setpriv (the wrapper
// dies with us: PR_SET_PDEATHSIG), coreutils timeout (kills the whole process group at the
// deadline, even when we are gone), prlimit (an address-space limit), and unshare with ip (a
// private network and PID namespace: no network but our proxy, and every process of the tool
// dies with it), and for that namespace socat with sh (the relay to our proxy without starting
// Node per run: socat-launcher.ts; without them the Node launcher, slower, same guarantees).
// Each is probed by running it; what is missing degrades to less, with a note saying what stays
// open (macOS has none of them; GitHub's Ubuntu runners restrict user namespaces through
// AppArmor).
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import { socatLauncherArgs, type SocatRelay } from "./socat-launcher.js";

export interface Isolation {
  setpriv?: string;
  timeout?: string;
  prlimit?: string;
  netns?: {
    unshare: string;
    ip: string;
    node: string;
    userns: boolean;
    /** the fast relay (socat-launcher.ts); undefined: the Node launcher for every run */
    socat?: SocatRelay;
  };
  /** one line per missing piece: what it leaves open */
  notes: string[];
}

const SYSTEM_DIRS = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), ...SYSTEM_DIRS].filter((d) => d !== "");
  for (const dir of dirs) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // next
    }
  }
  return undefined;
}

async function works(cmd: string, args: string[]): Promise<boolean> {
  const r = await execa(cmd, args, {
    reject: false,
    timeout: 10_000,
    stdin: "ignore",
    env: { PATH: SYSTEM_DIRS.join(":") },
    extendEnv: false,
  });
  return r.exitCode === 0;
}

/** The flags that make a private network and PID namespace; `--kill-child` makes the
 *  namespace's init die with unshare, and with it every process inside. */
export function unshareArgs(userns: boolean): string[] {
  return [...(userns ? ["--user", "--map-root-user"] : []), "--net", "--pid", "--fork", "--kill-child"];
}

export async function probeIsolation(): Promise<Isolation> {
  const notes: string[] = [];
  const out: Isolation = { notes };
  const setpriv = findBinary("setpriv");
  if (setpriv && (await works(setpriv, ["--pdeathsig", "KILL", "--", "true"]))) out.setpriv = setpriv;
  else
    notes.push(
      "setpriv not available: a tool is not killed at once when this process dies (only at its deadline, when timeout is available)",
    );
  const timeout = findBinary("timeout");
  if (timeout && (await works(timeout, ["-s", "KILL", "5", "true"]))) out.timeout = timeout;
  else
    notes.push(
      "coreutils timeout not available: if this process dies, tools it started are not killed at their deadline",
    );
  const prlimit = findBinary("prlimit");
  if (prlimit && (await works(prlimit, ["--as=4294967296", "true"]))) out.prlimit = prlimit;
  else notes.push("prlimit not available: render.memoryMiB is not enforced");
  const unshare = findBinary("unshare");
  const ip = findBinary("ip");
  if (unshare && ip) {
    const root = process.getuid?.() === 0;
    for (const userns of root ? [false, true] : [true]) {
      if (await works(unshare, [...unshareArgs(userns), "--", ip, "link", "set", "lo", "up"])) {
        out.netns = { unshare, ip, node: process.execPath, userns };
        const socat = await probeSocatRelay({ unshare, ip, userns });
        if (socat) out.netns.socat = socat;
        break;
      }
    }
  }
  if (!out.netns) {
    notes.push(
      `no private network namespace (${!unshare ? "unshare" : !ip ? "ip (iproute2)" : "unshare --net"} not available): tools reach the network through the policy proxy, but a tool that ignores the proxy variables, and a loopback address named only inside fetched content, are not refused`,
    );
  }
  return out;
}

/** The socat launcher, run once on `true` exactly as a tool run would (no connection is made, so
 *  the socket need not exist); undefined when socat, sh or sleep is missing or it does not work
 *  here (no /proc/net/sockstat, say). Nothing stays open without it: the Node launcher takes over. */
async function probeSocatRelay(p: { unshare: string; ip: string; userns: boolean }): Promise<SocatRelay | undefined> {
  const [sh, socat, sleep] = [findBinary("sh"), findBinary("socat"), findBinary("sleep")];
  if (!sh || !socat || !sleep || !(await works(sleep, ["0.01"]))) return undefined;
  const relay = { sh, socat, sleep };
  const launcher = socatLauncherArgs({ relay, ip: p.ip, socketPath: "/probe.sock", port: 3128, cmd: "true", args: [] });
  return (await works(p.unshare, [...unshareArgs(p.userns), "--", ...launcher])) ? relay : undefined;
}

let cached: Promise<Isolation> | undefined;

/** probeIsolation, once per process; what is missing is said once, on stderr (a process warning). */
export function detectIsolation(): Promise<Isolation> {
  return (cached ??= probeIsolation().then((iso) => {
    for (const note of iso.notes) process.emitWarning(note, { code: "BLAST_RADIUS_SANDBOX" });
    return iso;
  }));
}

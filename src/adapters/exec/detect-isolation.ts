// What this host offers to confine a tool process, found once per process: setpriv (the wrapper
// dies with us: PR_SET_PDEATHSIG), coreutils timeout (kills the whole process group at the
// deadline, even when we are gone), prlimit (an address-space limit), and unshare with ip (a
// private network and PID namespace: no network but our proxy, and every process of the tool
// dies with it). Each is probed by running it; what is missing degrades to less, with a note
// saying what stays open (macOS has none of them; GitHub's Ubuntu runners restrict user
// namespaces through AppArmor).
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { execa } from "execa";

export interface Isolation {
  setpriv?: string;
  timeout?: string;
  prlimit?: string;
  netns?: { unshare: string; ip: string; node: string; userns: boolean };
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

let cached: Promise<Isolation> | undefined;

/** probeIsolation, once per process; what is missing is said once, on stderr (a process warning). */
export function detectIsolation(): Promise<Isolation> {
  return (cached ??= probeIsolation().then((iso) => {
    for (const note of iso.notes) process.emitWarning(note, { code: "BLAST_RADIUS_SANDBOX" });
    return iso;
  }));
}

// The argv that confines one tool process, outermost first:
//   setpriv --pdeathsig ALRM --     our death reaches timeout as SIGALRM, which timeout takes for
//                                   its deadline: it SIGKILLs the whole process group at once
//   timeout -s KILL <deadline+2s>   the group dies at the deadline even when we are gone
//   unshare --net --pid ... --      a private network (only our proxy reachable) and PID
//     sh -c <launcher> ...          namespace: when it ends, the kernel kills every process in it,
//                                   even one that left the process group (setsid); its PID 1 is
//                                   the socat launcher (socat-launcher.ts) where the host has
//                                   socat and the run has no loopback tunnel, else
//     node -e <launcher> --         the Node launcher (netns-launcher.ts)
//   prlimit --as=<bytes> --         address space limit for the tool and what it starts
//   <tool> <args>
// Each piece is present only when the host has it (detect-isolation.ts).
import type { Isolation } from "./detect-isolation.js";
import { unshareArgs } from "./detect-isolation.js";
import type { LoopbackTunnel } from "../../core/network/precheck-fetches.js";
import { netnsLauncherArgs } from "./netns-launcher.js";
import { socatCanRelay, socatLauncherArgs } from "./socat-launcher.js";

/** The wrapper's own deadline comes after ours, so our timer (and its message) normally wins. */
export const DEADLINE_GRACE_SECONDS = 2;

export interface WrapToolCommandParams {
  isolation: Isolation;
  cmd: string;
  args: readonly string[];
  timeoutMs: number;
  /** address-space limit; undefined: none */
  memoryBytes?: number;
  /** inside a network namespace: the proxy socket outside, the forwarder port inside */
  netns?: { socketPath: string; port: number; tunnels: readonly LoopbackTunnel[] };
}

export function wrapToolCommand(p: WrapToolCommandParams): { cmd: string; args: string[] } {
  const { isolation } = p;
  let argv = [p.cmd, ...p.args];
  if (p.memoryBytes !== undefined && isolation.prlimit) {
    argv = [isolation.prlimit, `--as=${p.memoryBytes}`, "--", ...argv];
  }
  if (p.netns && isolation.netns) {
    const [cmd, ...args] = argv;
    const { socat, ip, node } = isolation.netns;
    const { socketPath, port, tunnels } = p.netns;
    const launcher =
      socat && socatCanRelay({ socketPath, tunnels })
        ? socatLauncherArgs({ relay: socat, ip, socketPath, port, cmd: cmd!, args })
        : netnsLauncherArgs({ node, ip, socketPath, port, tunnels, cmd: cmd!, args });
    argv = [isolation.netns.unshare, ...unshareArgs(isolation.netns.userns), "--", ...launcher];
  }
  if (isolation.timeout) {
    const seconds = Math.ceil(p.timeoutMs / 1000) + DEADLINE_GRACE_SECONDS;
    argv = [isolation.timeout, "-s", "KILL", String(seconds), ...argv];
  }
  if (isolation.setpriv) {
    // Without timeout to turn SIGALRM into a group kill, the wrapper itself must die.
    argv = [isolation.setpriv, "--pdeathsig", isolation.timeout ? "ALRM" : "KILL", "--", ...argv];
  }
  const [cmd, ...args] = argv;
  return { cmd: cmd!, args };
}

// The fast launcher inside a tool's private network namespace (see wrap-tool-command.ts): a POSIX
// `sh` script, PID 1 of the new PID namespace, that does what netns-launcher.ts does without
// starting Node (about 185 ms of every tool run at load 8). It brings the loopback up, then
// starts socat listening on 127.0.0.1:<port> (not at the same time: a bind while `ip` brings the
// loopback up fails now and then with EADDRNOTAVAIL, about 1 in 200 runs under load) and
// relaying every connection to the policy proxy's Unix socket outside, waits
// until socat listens, then runs the tool and exits with its status. The wait is bounded and
// reads /proc/net/sockstat, which counts this namespace's TCP sockets: a socket counts from
// listen(), not from bind(), and socat's is the only one (/proc/net/tcp would say the same at
// about 100 times the cost: a read of it walks the host's whole connection table). When PID 1
// exits, the kernel kills socat and everything the tool left behind. Setup failures exit 125
// with "network sandbox: …", as the Node launcher's do; loopback tunnels (a CONNECT preamble per
// connection) stay with the Node launcher.
//
// socat reads `:` and `,` in an address as separators, so it connects to the socket by its name
// from inside the socket's directory (a name we choose) rather than by a path (the operator's
// TMPDIR may hold anything). Variables are prefixed `__br_`: assigning a name the tool's
// environment exports would change that environment.

import { basename, dirname } from "node:path";

/** The socket names socat can take as they are (no separator, no escape). */
const SOCAT_SAFE_NAME = /^[A-Za-z0-9._-]+$/;

export const SOCAT_LAUNCHER_SCRIPT = String.raw`
__br_fail() { printf 'network sandbox: %s\n' "$1" >&2; exit 125; }
__br_out=$("$1" link set lo up 2>&1) || __br_fail "cannot bring up loopback: $__br_out"
(cd -- "$4" && exec "$2" "TCP4-LISTEN:$6,bind=127.0.0.1,fork,reuseaddr" "UNIX-CONNECT:$5") </dev/null >/dev/null 2>&1 &
__br_relay=$!
__br_n=0
while :; do
  { read -r __br_line; read -r __br_line; } </proc/net/sockstat
  case "$__br_line" in "TCP: inuse 0 "*) ;; "TCP: inuse "*) break ;; esac
  kill -0 "$__br_relay" 2>/dev/null || { wait "$__br_relay"; __br_fail "the relay (socat) exited with status $? before listening on 127.0.0.1:$6"; }
  __br_n=$((__br_n + 1))
  [ "$__br_n" -le 500 ] && continue
  [ "$__br_n" -le 1000 ] || __br_fail "the relay (socat) was not listening on 127.0.0.1:$6 after about 5 s"
  "$3" 0.01
done
shift 6
# As Node's spawn does: an executable file, searched in PATH, never a shell builtin of that name
case "$1" in
  */*) __br_found=$1 ;;
  *)
    __br_found=
    set -f
    __br_ifs=$IFS
    IFS=:
    for __br_dir in $PATH; do
      [ -n "$__br_dir" ] || __br_dir=.
      [ -f "$__br_dir/$1" ] && [ -x "$__br_dir/$1" ] && { __br_found=$__br_dir/$1; break; }
    done
    IFS=$__br_ifs
    set +f
    ;;
esac
[ -n "$__br_found" ] && [ -e "$__br_found" ] || { printf 'command not found: %s\n' "$1" >&2; exit 127; }
(exec "$@")
exit "$?"
`;

export interface SocatRelay {
  sh: string;
  socat: string;
  /** coreutils sleep, for the poll's slower phase (fractional seconds) */
  sleep: string;
}

/** Whether the socat launcher can serve this run: no tunnels, a socket name socat takes as is. */
export function socatCanRelay(p: { socketPath: string; tunnels: readonly unknown[] }): boolean {
  return p.tunnels.length === 0 && SOCAT_SAFE_NAME.test(basename(p.socketPath));
}

/** The argv that runs `cmd args` behind the socat launcher. */
export function socatLauncherArgs(params: {
  relay: SocatRelay;
  ip: string;
  socketPath: string;
  /** where the proxy forwarder listens inside (the tools' HTTPS_PROXY) */
  port: number;
  cmd: string;
  args: readonly string[];
}): string[] {
  const { relay } = params;
  return [
    relay.sh,
    "-c",
    SOCAT_LAUNCHER_SCRIPT,
    "sh",
    params.ip,
    relay.socat,
    relay.sleep,
    dirname(params.socketPath),
    basename(params.socketPath),
    String(params.port),
    params.cmd,
    ...params.args,
  ];
}

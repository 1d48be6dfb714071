// What a tool's failing exit says about its cause. The tool only says it in English: read once
// here, where the message is made, and carried on as a FailureKind.
import type { FailureKind } from "../../core/failure-kind.js";

/** Errors of reaching a server: DNS, refused or reset connections, timeouts, TLS. */
const NETWORK_FAILURE =
  /no such host|dial tcp|connection refused|connection reset|network is unreachable|i\/o timeout|TLS handshake timeout|Could not resolve host|temporary failure in name resolution|EAI_AGAIN|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|context deadline exceeded/i;

/** The host failing under the tool: resources exhausted, a connection reset mid-transfer. */
const INFRASTRUCTURE_FAILURE = /E(NOSPC|MFILE|NFILE|AGAIN|NOMEM|BUSY)\b|ECONNRESET/;

/** The kind of a non-zero exit, from the one-line message made of the tool's error (also used
 *  for an exception the renderer catches: a server unreachable there is not a bug of ours). */
export function classifyExit(message: string): Extract<FailureKind, "exit" | "network" | "infrastructure"> {
  if (NETWORK_FAILURE.test(message)) return "network";
  if (INFRASTRUCTURE_FAILURE.test(message)) return "infrastructure";
  return "exit";
}

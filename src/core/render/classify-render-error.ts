// Whether a render failure is Argo CD's (the repo-server would fail the same way: a template
// error, a missing value file, a chart version that does not exist) or ours (a feature this tool
// does not render, a server it cannot reach from here). Only Argo CD's failures may be reported
// as "Argo CD stops syncing"; ours mean "not analysed".

/** Errors of reaching a server: DNS, refused or reset connections, timeouts, TLS. */
const NETWORK_FAILURE =
  /no such host|dial tcp|connection refused|connection reset|network is unreachable|i\/o timeout|TLS handshake timeout|Could not resolve host|temporary failure in name resolution|EAI_AGAIN|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|context deadline exceeded/i;

export function isNetworkFailure(message: string): boolean {
  return NETWORK_FAILURE.test(message);
}

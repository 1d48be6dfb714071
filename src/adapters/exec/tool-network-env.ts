// The environment that sends a tool's fetches through our policy proxy: the proxy variables Go
// (helm, kustomize), curl and git read, in both cases, with no exceptions (NO_PROXY empty); git
// limited to http and https (GIT_ALLOW_PROTOCOL: ssh, git://, file:// and ext:: would bypass the
// proxy or read the host) and kept from system configuration that could redirect it.

export function toolNetworkEnv(proxyUrl: string): Record<string, string> {
  return {
    HTTPS_PROXY: proxyUrl,
    https_proxy: proxyUrl,
    HTTP_PROXY: proxyUrl,
    http_proxy: proxyUrl,
    ALL_PROXY: proxyUrl,
    all_proxy: proxyUrl,
    NO_PROXY: "",
    no_proxy: "",
    GIT_ALLOW_PROTOCOL: "http:https",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "http.proxy",
    GIT_CONFIG_VALUE_0: proxyUrl,
  };
}

import picomatch from "picomatch";
import type { Config } from "../../config/config.js";

/** The Argo CD namespace is always protected; the rest are glob patterns from the config. */
export function isProtectedNamespace(name: string, config: Config): boolean {
  if (name === config.argocdNamespace) return true;
  return config.protectedNamespaces.some((pattern) => picomatch.isMatch(name, pattern, { dot: true }));
}

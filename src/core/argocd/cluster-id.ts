// Which cluster an Application deploys to: destination.server, or destination.name resolved
// through the configured clusters (Argo CD resolves names from cluster secrets).
import type { Config } from "../../config/config.js";
import type { AppSpec } from "../model.js";
import { IN_CLUSTER_NAME, IN_CLUSTER_SERVER } from "./constants.js";

export function clusterIdOf(spec: AppSpec, config: Config): string {
  const { server, name } = spec.destination;
  if (server) return server.replace(/\/+$/, "");
  if (name) {
    const c = config.clusters.find((x) => x.name === name);
    if (c) return c.server.replace(/\/+$/, "");
    if (name === IN_CLUSTER_NAME) return IN_CLUSTER_SERVER;
    return `name:${name}`;
  }
  return IN_CLUSTER_SERVER;
}

// Where renders are cached on disk: BLAST_RADIUS_CACHE_DIR, else the XDG cache home, else ~/.cache.
import { homedir } from "node:os";
import { join } from "node:path";

export function defaultCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (env.BLAST_RADIUS_CACHE_DIR) return env.BLAST_RADIUS_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "argocd-blast-radius");
  return join(homedir(), ".cache", "argocd-blast-radius");
}

// Matching an Application's repoURL against the repository under analysis. Argo CD compares
// normalised URLs (argo-cd:util/git/git.go (NormalizeGitURL, SameURL)): case-insensitive,
// without a trailing `.git` or `/`, and ssh `git@host:org/repo` equal to `https://host/org/repo`.

export function normalizeRepoURL(url: string): string {
  let u = url.trim().toLowerCase();
  u = u
    .replace(/\/+$/, "")
    .replace(/\.git$/, "")
    .replace(/\/+$/, "");
  // scp-like ssh: git@github.com:org/repo
  const scp = /^(?:[a-z0-9._-]+@)?([a-z0-9.-]+):(?!\/\/)(.+)$/.exec(u);
  if (scp && !u.includes("://")) return `${scp[1]}/${scp[2]!.replace(/^\/+/, "")}`;
  const m = /^[a-z+]+:\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.*)$/.exec(u);
  if (m) return `${m[1]}/${m[2]}`;
  return u;
}

export function matchesRepo(url: string, known: readonly string[]): boolean {
  const n = normalizeRepoURL(url);
  if (n === "") return false;
  return known.some((k) => normalizeRepoURL(k) === n);
}

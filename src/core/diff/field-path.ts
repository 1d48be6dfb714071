// Field paths as the report prints them: `spec.template.spec.containers[0].image`,
// `metadata.labels["helm.sh/chart"]`. The same syntax is what `diff.ignore` accepts, with `*`
// (or `[*]`) standing for any one key or index.

export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

export function formatPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (PLAIN_KEY.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Parses a path; `undefined` when it is not well formed. `*` parses to the string "*". */
export function parsePath(path: string): PathSegment[] | undefined {
  const out: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i]!;
    if (c === ".") {
      if (i === 0 || path[i - 1] === ".") return undefined;
      i++;
      continue;
    }
    if (c === "[") {
      const close = path.startsWith('["', i) ? findQuotedClose(path, i + 1) : path.indexOf("]", i);
      if (close < 0) return undefined;
      const inner = path.slice(i + 1, close);
      if (inner === "*") out.push("*");
      else if (/^\d+$/.test(inner)) out.push(Number(inner));
      else if (inner.startsWith('"')) {
        try {
          out.push(JSON.parse(inner) as string);
        } catch {
          return undefined;
        }
      } else return undefined;
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== "." && path[j] !== "[") j++;
    out.push(path.slice(i, j));
    i = j;
  }
  return out.length > 0 ? out : undefined;
}

/** Whether `path` is `pattern` or lies under it (`*` matches any one segment). */
export function pathUnder(path: readonly PathSegment[], pattern: readonly PathSegment[]): boolean {
  if (path.length < pattern.length) return false;
  return pattern.every((p, i) => p === "*" || p === path[i]);
}

function findQuotedClose(path: string, quote: number): number {
  for (let j = quote + 1; j < path.length; j++) {
    if (path[j] === "\\") j++;
    else if (path[j] === '"') return path[j + 1] === "]" ? j + 1 : -1;
  }
  return -1;
}

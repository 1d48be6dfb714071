// Go's path.Match, which the git directories generator uses (argo-cd:applicationset/generators/git.go
// (filterApps)): `*` and `?` never match '/', `[...]` classes with `^` negation and ranges, `\` escapes.
// Returns undefined for a malformed pattern (Go's ErrBadPattern: Argo CD logs it and skips the entry).

export function matchGoPath(params: { pattern: string; name: string }): boolean | undefined {
  const re = compile(params.pattern);
  return re === undefined ? undefined : re.test(params.name);
}

const cache = new Map<string, RegExp | undefined>();

function compile(pattern: string): RegExp | undefined {
  if (cache.has(pattern)) return cache.get(pattern);
  let src = "^";
  let i = 0;
  let bad = false;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "*") {
      src += "[^/]*";
      i++;
    } else if (c === "?") {
      src += "[^/]";
      i++;
    } else if (c === "\\") {
      if (i + 1 >= pattern.length) {
        bad = true;
        break;
      }
      src += escapeRe(pattern[i + 1]!);
      i += 2;
    } else if (c === "[") {
      let j = i + 1;
      let cls = "";
      if (pattern[j] === "^") {
        cls += "^";
        j++;
      }
      let first = true;
      let closed = false;
      while (j < pattern.length) {
        const d = pattern[j]!;
        if (d === "]" && !first) {
          closed = true;
          break;
        }
        first = false;
        if (d === "\\") {
          j++;
          if (j >= pattern.length) break;
          cls += escapeRe(pattern[j]!);
        } else if (d === "-" && cls !== "" && cls !== "^" && pattern[j + 1] !== "]") {
          cls += "-";
        } else {
          cls += escapeRe(d);
        }
        j++;
      }
      if (!closed || cls === "" || cls === "^") {
        bad = true;
        break;
      }
      // A class never matches '/'.
      src += cls.startsWith("^") ? `[${cls}/]` : `(?!/)[${cls}]`;
      i = j + 1;
    } else {
      src += escapeRe(c);
      i++;
    }
  }
  let re: RegExp | undefined;
  try {
    re = bad ? undefined : new RegExp(`${src}$`, "s");
  } catch {
    re = undefined; // e.g. a reversed range [z-a]: treated as a pattern that selects nothing
  }
  cache.set(pattern, re);
  return re;
}

function escapeRe(c: string): string {
  return /[\\^$.*+?()[\]{}|\-/]/.test(c) ? `\\${c}` : c;
}

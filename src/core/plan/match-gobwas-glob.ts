// Argo CD matches directory include/exclude with github.com/gobwas/glob compiled WITHOUT
// separators (argo-cd:util/glob/glob.go (Match)), so `*` and `?` also cross `/`,
// `{a,b}` is alternation, `[abc]`/`[!abc]`/`[a-z]` are classes and `\` escapes.

function escapeRegExp(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

/** Translates a gobwas pattern to an anchored RegExp; undefined when the pattern does not compile
 *  (gobwas then reports an error and Argo CD treats the file as not matching). */
export function gobwasGlobToRegExp(pattern: string): RegExp | undefined {
  let re = "";
  let depth = 0; // inside {…}
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      i++;
      if (i >= pattern.length) return undefined;
      re += escapeRegExp(pattern[i]!);
    } else if (c === "*") {
      // `**` is the same as `*` without separators
      while (pattern[i + 1] === "*") i++;
      re += "[\\s\\S]*";
    } else if (c === "?") {
      re += "[\\s\\S]";
    } else if (c === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) return undefined;
      let body = pattern.slice(i + 1, end);
      let neg = false;
      if (body.startsWith("!")) {
        neg = true;
        body = body.slice(1);
      }
      const cls = body.replace(/[\\\]^]/g, (m) => `\\${m}`);
      re += neg ? `[^${cls}]` : `[${cls}]`;
      i = end;
    } else if (c === "{") {
      depth++;
      re += "(?:";
    } else if (c === "}" && depth > 0) {
      depth--;
      re += ")";
    } else if (c === "," && depth > 0) {
      re += "|";
    } else {
      re += escapeRegExp(c);
    }
  }
  if (depth !== 0) return undefined;
  try {
    return new RegExp(`^${re}$`);
  } catch {
    return undefined;
  }
}

export function matchGobwasGlob(pattern: string, text: string): boolean {
  return gobwasGlobToRegExp(pattern)?.test(text) ?? false;
}

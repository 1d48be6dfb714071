// Which repository files a git files generator pattern selects
// (argo-cd:util/git/client.go (LsFiles)):
// - default: `git ls-files -- <pattern>`, a pathspec matched with fnmatch without FNM_PATHNAME, so
//   `*` and `?` cross '/', and a pattern without wildcards also selects everything under it as a
//   directory;
// - applicationsetcontroller.enable.new.git.file.globbing: doublestar, where `*` stays within a
//   segment and `**` spans directories.
import picomatch from "picomatch";

export function matchGitFilePattern(params: { pattern: string; file: string; newGlobbing: boolean }): boolean {
  const { pattern, file, newGlobbing } = params;
  if (newGlobbing) {
    try {
      return picomatch(pattern, { dot: true, noextglob: true })(file);
    } catch {
      return false; // doublestar's ErrBadPattern: nothing matches
    }
  }
  return matchPathspec(pattern.replace(/^\.\//, ""), file);
}

function hasWildcard(s: string): boolean {
  return /[*?[\\]/.test(s);
}

function matchPathspec(pattern: string, file: string): boolean {
  if (pattern === "" || pattern === ".") return true;
  if (!hasWildcard(pattern)) {
    const p = pattern.replace(/\/+$/, "");
    return file === p || file.startsWith(`${p}/`);
  }
  return fnmatchRegExp(pattern).test(file);
}

const cache = new Map<string, RegExp>();

/** wildmatch without WM_PATHNAME: `*` (and `**`) match any run of characters, '/' included. */
function fnmatchRegExp(pattern: string): RegExp {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let src = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*") src += ".*";
    else if (c === "?") src += ".";
    else if (c === "\\" && i + 1 < pattern.length) src += escapeRe(pattern[++i]!);
    else if (c === "[") {
      const close = pattern.indexOf("]", i + 2);
      if (close < 0) src += "\\[";
      else {
        let cls = pattern.slice(i + 1, close);
        if (cls.startsWith("!")) cls = `^${cls.slice(1)}`;
        src += `[${cls.replace(/\\/g, "\\\\")}]`;
        i = close;
      }
    } else src += escapeRe(c);
  }
  let re: RegExp;
  try {
    re = new RegExp(`${src}$`, "s");
  } catch {
    re = /(?!)/; // a class git would reject (reversed range): selects nothing
  }
  cache.set(pattern, re);
  return re;
}

function escapeRe(c: string): string {
  return /[\\^$.*+?()[\]{}|\-/]/.test(c) ? `\\${c}` : c;
}

// Tool messages mention our private working directories; the report should read the same on both
// sides and never leak host paths, so those prefixes become repository-relative.

export function sanitizeMessage(message: string, dirs: readonly (string | undefined)[]): string {
  let out = message;
  const sorted = dirs.filter((d): d is string => Boolean(d)).sort((a, b) => b.length - a.length);
  for (const d of sorted) {
    const base = d.replace(/\/+$/, "");
    out = out.split(`${base}/`).join("").split(base).join(".");
  }
  return out.split("\n")[0]!.trim();
}

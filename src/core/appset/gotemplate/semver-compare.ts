// Sprig's semverCompare (Masterminds/semver v3 constraints), used in ApplicationSets to pick
// clusters by a Kubernetes version label: `||` alternatives of comma/space separated comparisons
// (=, !=, >, <, >=, <=, =<, ~, ~>, ^), x/* wildcards and `a - b` ranges. As in semver v3, a
// pre-release version only satisfies a comparison whose own version has a pre-release.

interface Version {
  major: number;
  minor: number;
  patch: number;
  pre: string;
}

const VERSION_RE = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseSemver(s: string): Version | undefined {
  const m = VERSION_RE.exec(s.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0), pre: m[4] ?? "" };
}

function comparePre(a: string, b: string): number {
  if (a === b) return 0;
  if (a === "") return 1;
  if (b === "") return -1;
  const pa = a.split(".");
  const pb = b.split(".");
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny && Number(x) !== Number(y)) return Number(x) < Number(y) ? -1 : 1;
    if (nx !== ny) return nx ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function compare(a: Version, b: Version): number {
  return (
    Math.sign(a.major - b.major) ||
    Math.sign(a.minor - b.minor) ||
    Math.sign(a.patch - b.patch) ||
    comparePre(a.pre, b.pre)
  );
}

interface Bound {
  op: string;
  v: Version;
  /** how many of major/minor/patch were given (wildcards count as missing) */
  given: number;
}

function parseBound(text: string): Bound {
  const m =
    /^(=|!=|>=|=>|<=|=<|>|<|~>|~|\^)?\s*(v?[0-9xX*]+(?:\.[0-9xX*]+)?(?:\.[0-9xX*]+)?(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/.exec(
      text.trim(),
    );
  if (!m) throw new Error(`improper constraint: ${text}`);
  const op = m[1] === "=>" ? ">=" : m[1] === "=<" ? "<=" : (m[1] ?? "=");
  const parts = m[2]!.replace(/^v/, "").split(/[-+]/)[0]!.split(".");
  const pre = /-([0-9A-Za-z.-]+)/.exec(m[2]!)?.[1] ?? "";
  let given = 0;
  const nums = [0, 0, 0];
  for (let i = 0; i < 3; i++) {
    const p = parts[i];
    if (p === undefined || /^[xX*]$/.test(p)) break;
    nums[i] = Number(p);
    given++;
  }
  return { op, v: { major: nums[0]!, minor: nums[1]!, patch: nums[2]!, pre }, given };
}

function satisfies(v: Version, b: Bound): boolean {
  // semver v3: pre-releases only match comparisons that carry a pre-release themselves.
  if (v.pre !== "" && b.v.pre === "") return false;
  const c = compare(v, b.v);
  const bump = (level: number): Version =>
    level <= 0
      ? { major: b.v.major + 1, minor: 0, patch: 0, pre: "" }
      : level === 1
        ? { major: b.v.major, minor: b.v.minor + 1, patch: 0, pre: "" }
        : { major: b.v.major, minor: b.v.minor, patch: b.v.patch + 1, pre: "" };
  const below = (upper: Version) => compare({ ...v, pre: "" }, upper) < 0;
  switch (b.op) {
    case "=":
      if (b.given < 3) return c >= 0 && below(bump(b.given - 1));
      return c === 0;
    case "!=":
      if (b.given < 3) return !(c >= 0 && below(bump(b.given - 1)));
      return c !== 0;
    case ">":
      if (b.given < 3) return !below(bump(b.given - 1));
      return c > 0;
    case ">=":
      return c >= 0;
    case "<":
      return c < 0;
    case "<=":
      if (b.given < 3) return below(bump(b.given - 1));
      return c <= 0;
    case "~":
    case "~>":
      return c >= 0 && below(bump(b.given >= 2 ? 1 : 0));
    case "^": {
      const level = b.v.major > 0 || b.given < 2 ? 0 : b.v.minor > 0 || b.given < 3 ? 1 : 2;
      return c >= 0 && below(bump(level));
    }
    default:
      return false;
  }
}

/** semverCompare(constraint, version): throws on an unparsable version or constraint. */
export function semverCompare(params: { constraint: string; version: string }): boolean {
  const v = parseSemver(params.version);
  if (!v) throw new Error("Invalid Semantic Version");
  return params.constraint.split("||").some((group) => {
    const g = group.trim().replace(/\s+-\s+/g, " HYPHEN ");
    const tokens = g.split(/[\s,]+/).filter(Boolean);
    const bounds: Bound[] = [];
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i + 1] === "HYPHEN") {
        bounds.push({ ...parseBound(tokens[i]!), op: ">=" });
        const hi = parseBound(tokens[i + 2] ?? "");
        bounds.push({ ...hi, op: "<=" });
        i += 2;
      } else if (/^(=|!=|>=|=>|<=|=<|>|<|~>|~|\^)$/.test(tokens[i]!) && tokens[i + 1] !== undefined) {
        bounds.push(parseBound(tokens[i]! + tokens[i + 1]!));
        i++;
      } else {
        bounds.push(parseBound(tokens[i]!));
      }
    }
    return bounds.every((b) => satisfies(v, b));
  });
}

// Argo CD substitutes `$VAR` / `${VAR}` with Go's os.Expand against the build environment:
// unknown names become "", `$$` becomes "$" (argo-cd:pkg/apis/application/v1alpha1/types.go (Env.Envsubst)).

/** Go's os.Expand "special" one-character names ($*, $#, $$, $@, $!, $?, $-, $0-$9). */
function isShellSpecial(c: string): boolean {
  return "*#$@!?-".includes(c) || (c >= "0" && c <= "9");
}

function isAlphaNum(c: string): boolean {
  return c === "_" || (c >= "0" && c <= "9") || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
}

/** Reads the name after a `$` the way os.Expand's getShellName does: returns the name and how many
 *  characters it consumed (a consumed-but-empty name is invalid syntax, which Go drops). */
function shellName(s: string): { name: string; width: number } {
  if (s[0] === "{") {
    if (s.length > 2 && isShellSpecial(s[1]!) && s[2] === "}") return { name: s[1]!, width: 3 };
    for (let i = 1; i < s.length; i++) {
      if (s[i] === "}") return i === 1 ? { name: "", width: 2 } : { name: s.slice(1, i), width: i + 1 };
    }
    return { name: "", width: 1 };
  }
  if (s.length > 0 && isShellSpecial(s[0]!)) return { name: s[0]!, width: 1 };
  let i = 0;
  while (i < s.length && isAlphaNum(s[i]!)) i++;
  return { name: s.slice(0, i), width: i };
}

export function envsubst(text: string, env: Readonly<Record<string, string>>): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== "$" || i + 1 >= text.length) {
      out += c;
      i++;
      continue;
    }
    const { name, width } = shellName(text.slice(i + 1));
    if (name === "" && width > 0) {
      // invalid syntax such as "${}": Go eats the characters
    } else if (name === "") {
      out += "$"; // "$" not followed by a name stays as is
    } else if (name === "$") {
      out += "$"; // Argo CD's mapping turns "$$" into a literal "$"
    } else {
      out += Object.prototype.hasOwnProperty.call(env, name) ? env[name]! : "";
    }
    i += 1 + width;
  }
  return out;
}

// argo-cd:applicationset/utils/template_functions.go (SanitizeName): the `normalize` template function
// and the *Normalized parameters. Go's len() counts bytes, so the 253 cut is on UTF-8 bytes, but after
// the replacement only ASCII is left.
const MAX_DNS_NAME_LENGTH = 253;

export function sanitizeName(name: string): string {
  let n = name.toLowerCase().replace(/[^-a-z0-9.]/gu, "-");
  if (n.length > MAX_DNS_NAME_LENGTH) n = n.slice(0, MAX_DNS_NAME_LENGTH);
  return n.replace(/^[-.]+|[-.]+$/g, "");
}

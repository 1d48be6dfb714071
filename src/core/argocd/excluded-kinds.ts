// Kinds the default argocd-cm resource.exclusions leave out since Argo CD 3.0: never cached,
// never pruned (argo-cd:docs/operator-manual/upgrading/2.14-3.0.md "Default resource.exclusions").
const EXCLUDED_SINCE_3_0: ReadonlySet<string> = new Set([
  "/Endpoints",
  "discovery.k8s.io/EndpointSlice",
  "coordination.k8s.io/Lease",
  "authentication.k8s.io/SelfSubjectReview",
  "authentication.k8s.io/TokenReview",
  "authorization.k8s.io/LocalSubjectAccessReview",
  "authorization.k8s.io/SelfSubjectAccessReview",
  "authorization.k8s.io/SelfSubjectRulesReview",
  "authorization.k8s.io/SubjectAccessReview",
  "certificates.k8s.io/CertificateSigningRequest",
  "cert-manager.io/CertificateRequest",
  "cilium.io/CiliumIdentity",
  "cilium.io/CiliumEndpoint",
  "cilium.io/CiliumEndpointSlice",
]);

export function isExcludedKind(params: { group: string; kind: string; version: string }): boolean {
  if (versionAtLeast(params.version, 3, 0)) return EXCLUDED_SINCE_3_0.has(`${params.group}/${params.kind}`);
  return false;
}

/** "3.1" >= (3, 0) */
export function versionAtLeast(version: string, major: number, minor: number): boolean {
  const [ma, mi] = version
    .replace(/^v/, "")
    .split(".")
    .map((x) => Number.parseInt(x, 10));
  if (ma === undefined || !Number.isFinite(ma)) return true;
  if (ma !== major) return ma > major;
  return (mi ?? 0) >= minor;
}

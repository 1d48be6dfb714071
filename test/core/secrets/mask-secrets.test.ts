// No Secret value passes the renderer boundary: values become keyed digests of their bytes, and
// what scrubs them from messages is a (length, digest) pair, never the value.
import { describe, expect, it } from "@jest/globals";
import type { AppRender, Manifest } from "../../../src/core/model.js";
import {
  createSecretDigester,
  isMaskedValue,
  maskRender,
  scrubByNeedles,
} from "../../../src/core/secrets/mask-secrets.js";

const PLANTED = "planted-s3cret-value";
const b64 = (s: string): string => Buffer.from(s).toString("base64");
const key = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const d = createSecretDigester(key(1));

function secret(fields: Record<string, unknown>, name = "creds"): Manifest {
  return { apiVersion: "v1", kind: "Secret", metadata: { name, namespace: "web" }, ...fields };
}
function render(manifests: Manifest[], extra: Partial<AppRender> = {}): AppRender {
  return { app: "argocd/web", manifests, sources: [{ status: "rendered", tool: "helm", manifests }], ...extra };
}
const dataOf = (r: AppRender, i = 0): Record<string, unknown> => r.manifests[i]!.data as Record<string, unknown>;

describe("maskRender", () => {
  it("leaves no value, base64 or clear, anywhere in the render", () => {
    const r = maskRender(
      render(
        [
          secret({
            data: { password: b64(PLANTED) },
            stringData: { token: `line one\n${PLANTED}-2` },
            metadata: {
              name: "creds",
              annotations: { "kubectl.kubernetes.io/last-applied-configuration": `{"data":"${b64(PLANTED)}"}` },
            },
          }),
        ],
        { error: `helm: bad password ${PLANTED}` },
      ),
      d,
    );
    const text = JSON.stringify(r);
    for (const v of [PLANTED, b64(PLANTED), "line one"]) expect(text).not.toContain(v);
    expect(r.error).toBe("helm: bad password ***");
    expect(Object.values(dataOf(r)).every(isMaskedValue)).toBe(true);
    expect(r.manifests[0]!.stringData).toBeUndefined();
    // the sources' manifests are the same masked objects
    expect(r.sources[0]!.status === "rendered" && r.sources[0]!.manifests[0]).toBe(r.manifests[0]);
  });

  it("gives data and stringData of the same bytes the same digest, and different bytes another", () => {
    const a = maskRender(render([secret({ data: { k: b64(PLANTED) } })]), d);
    const b = maskRender(render([secret({ stringData: { k: PLANTED } })]), d);
    const c = maskRender(render([secret({ stringData: { k: `${PLANTED}!` } })]), d);
    expect(dataOf(a).k).toBe(dataOf(b).k);
    expect(dataOf(a).k).not.toBe(dataOf(c).k);
  });

  it("lets stringData win over data for one key, as the API server merges them", () => {
    const r = maskRender(render([secret({ data: { k: b64("old") }, stringData: { k: PLANTED } })]), d);
    expect(dataOf(r).k).toBe(dataOf(maskRender(render([secret({ data: { k: b64(PLANTED) } })]), d)).k);
  });

  it("digests differ under another key, so entries of two keys never compare", () => {
    const other = createSecretDigester(key(2));
    const m = [secret({ data: { k: b64(PLANTED) } })];
    expect(dataOf(maskRender(render(m), d)).k).not.toBe(dataOf(maskRender(render(m), other)).k);
    expect(d.keyId).not.toBe(other.keyId);
  });

  it("keeps a render without Secrets as it is", () => {
    const r = render([{ apiVersion: "v1", kind: "ConfigMap", data: { k: "v" } }]);
    expect(maskRender(r, d)).toBe(r);
  });
});

describe("scrubByNeedles", () => {
  it("masks a value known only by its needle, in both its clear and base64 forms", () => {
    const needles = maskRender(render([secret({ data: { k: b64(PLANTED) } })]), d).secretNeedles!;
    expect(needles.length).toBeGreaterThan(0);
    expect(scrubByNeedles(`execution error: ${PLANTED} and ${b64(PLANTED)}.`, needles, d)).toBe(
      "execution error: *** and ***.",
    );
    expect(scrubByNeedles("nothing to see", needles, d)).toBe("nothing to see");
    // under another key the same needles match nothing
    expect(scrubByNeedles(PLANTED, needles, createSecretDigester(key(3)))).toBe(PLANTED);
  });
});

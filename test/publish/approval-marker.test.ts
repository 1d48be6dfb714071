import { describe, it, expect } from "@jest/globals";
import { formatApprovalMarker, parseApprovalMarker } from "../../src/publish/approval-marker.js";

const SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";

describe("approval marker", () => {
  it("round-trips for the same head", () => {
    const body = `<!-- argocd-blast-radius -->\n${formatApprovalMarker({ by: "octo-cat", sha: SHA })}\n## report`;
    expect(parseApprovalMarker({ body, headSha: SHA })).toEqual({ by: "octo-cat", sha: SHA });
  });

  it("counts only on the line right after the sticky marker, where the app writes it", () => {
    const marker = formatApprovalMarker({ by: "octo-cat", sha: SHA });
    expect(parseApprovalMarker({ body: `${marker}\n`, headSha: SHA })).toBeUndefined();
    expect(
      parseApprovalMarker({ body: `<!-- argocd-blast-radius -->\n## report\n${marker}`, headSha: SHA }),
    ).toBeUndefined();
    expect(parseApprovalMarker({ body: `<!-- argocd-blast-radius -->\n\`${marker}\``, headSha: SHA })).toBeUndefined();
  });

  it("does not apply to another head: a new push needs a new approval", () => {
    const body = `<!-- argocd-blast-radius -->\n${formatApprovalMarker({ by: "octocat", sha: SHA })}`;
    expect(parseApprovalMarker({ body, headSha: "1".repeat(40) })).toBeUndefined();
  });

  it("ignores malformed markers", () => {
    expect(
      parseApprovalMarker({ body: `<!-- argocd-blast-radius:approved sha=${SHA} by=a b -->`, headSha: SHA }),
    ).toBeUndefined();
    expect(parseApprovalMarker({ body: "no marker", headSha: SHA })).toBeUndefined();
  });
});

import { describe, expect, it } from "@jest/globals";
import type { Deletion } from "../../../src/core/model.js";
import { describeMechanism } from "../../../src/core/report/describe-deletion.js";
import { ref } from "./fixtures.js";

const d = (over: Partial<Deletion>): Deletion => ({
  ref: ref("Service", "default", "web"),
  app: "old",
  cause: "pruned",
  trigger: "manual-sync",
  protected: false,
  ...over,
});

describe("describeMechanism: a re-creation is told once", () => {
  it.each([
    [
      "a move (trap 19): the reason names the apps and the order; only the cost is added",
      d({
        reason: "it moves to new-a, new-b, but if old syncs first it is deleted and then re-created",
        recreatedBy: "new-a, new-b",
        moved: true,
      }),
      "pruned by app `old` on the next manual sync: it moves to new-a, new-b, but if old syncs first it is deleted and then re-created (downtime, new volumes)",
    ],
    [
      "any other re-creation names who creates it again",
      d({ cause: "replaced", reason: "Replace=true,Force=true", recreatedBy: "old" }),
      "deleted and created again by app `old` on the next manual sync: Replace=true,Force=true (then created again by `old`: downtime, new volumes)",
    ],
    ["no re-creation, nothing added", d({ reason: "removed" }), "pruned by app `old` on the next manual sync: removed"],
  ])("%s", (_label, deletion, expected) => {
    expect(describeMechanism(deletion)).toBe(expected);
  });
});

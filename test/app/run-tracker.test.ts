import { describe, it, expect } from "@jest/globals";
import { pullRequestKey, RunTracker } from "../../src/app/run-tracker.js";

describe("RunTracker", () => {
  const key = pullRequestKey({ owner: "O", repo: "R", number: 2 });

  it("only the latest run of a PR is current", () => {
    const t = new RunTracker();
    const a = t.start(key);
    const b = t.start(key);
    const other = t.start(pullRequestKey({ owner: "o", repo: "r", number: 3 }));
    expect(t.isLatest(a)).toBe(false);
    expect(t.isLatest(b)).toBe(true);
    expect(t.isLatest(other)).toBe(true);
  });

  it("a run that outlives a finished newer run stays stale after the key is forgotten", () => {
    const t = new RunTracker();
    const a = t.start(key);
    const b = t.start(key);
    t.finish(b);
    const c = t.start(key);
    expect(t.isLatest(a)).toBe(false);
    expect(t.isLatest(c)).toBe(true);
  });
});

import { describe, it, expect } from "@jest/globals";
import { parseSlashCommand } from "../../src/publish/parse-slash-command.js";

describe("parseSlashCommand", () => {
  it.each([
    ["/blast-radius", { kind: "rerun" }],
    ["  /blast-radius  ", { kind: "rerun" }],
    ["/blast-radius approve", { kind: "approve" }],
    ["/Blast-Radius APPROVE\r\nbecause the namespace is recreated", { kind: "approve" }],
    ["/blast-radius help", { kind: "help" }],
    ["/blast-radius deploy", { kind: "unknown", word: "deploy" }],
    ["/blast-radius approve now please", { kind: "unknown", word: "approve now please" }],
  ])("%j", (body, expected) => {
    expect(parseSlashCommand(body)).toEqual(expected);
  });

  it.each(["LGTM", "please run\n/blast-radius approve", "/blast-radiusapprove", "> /blast-radius approve", ""])(
    "not a command: %j",
    (body) => {
      expect(parseSlashCommand(body)).toBeUndefined();
    },
  );
});

// A git server that hangs, as a real local HTTP server: it accepts the connection and then
// sends nothing more (`silent`), or starts a smart-HTTP answer and stops mid-way (`partial`).
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { execFileSync } from "node:child_process";

export interface StallingGitServer {
  /** a clone URL on this server, as GitHub names repositories */
  url: string;
  port: number;
  /** the Authorization headers the server was sent (the token travels, but only here) */
  authorizations: string[];
  close(): Promise<void>;
}

export async function startStallingGitServer(mode: "silent" | "partial"): Promise<StallingGitServer> {
  const open = new Set<ServerResponse>();
  const authorizations: string[] = [];
  const server: Server = createServer((req, res) => {
    if (req.headers.authorization) authorizations.push(req.headers.authorization);
    open.add(res);
    if (mode === "partial") {
      res.writeHead(200, { "content-type": "application/x-git-upload-pack-advertisement" });
      res.write("001e# service=git-upload-pack\n");
    }
    // ...and nothing more, until the test closes the server.
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/acme/gitops.git`,
    port,
    authorizations,
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Processes whose command line names this server (git and its git-remote-http helper). */
export function processesNaming(port: number): string[] {
  const ps = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
  return ps.split("\n").filter((l) => l.includes(`127.0.0.1:${port}`) && !l.includes("ps -eo"));
}

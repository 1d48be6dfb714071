import { execa } from "execa";

/** Whether the repository's history is cut off (a `--depth` clone, as CI checkouts are). */
export async function isShallowRepository(repoDir: string): Promise<boolean> {
  const r = await execa("git", ["-C", repoDir, "rev-parse", "--is-shallow-repository"], {
    reject: false,
    extendEnv: false,
    env: { PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1" },
    stdin: "ignore",
  });
  return r.exitCode === 0 && r.stdout.trim() === "true";
}

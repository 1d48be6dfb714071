// `npm start`: the GitHub App server. Settings come from Probot's usual
// variables (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT,
// HOST, GHE_HOST/GHE_PROTOCOL, LOG_LEVEL) plus BLAST_RADIUS_CONFIG and
// BLAST_RADIUS_REPO_PLUGINS.
import { createProbot } from "probot";
import { githubOctokit } from "../adapters/github/github-octokit.js";
import { defaultDeps } from "./default-deps.js";
import { startServer } from "./start-server.js";

const SECRET_VARIABLES = ["PRIVATE_KEY", "WEBHOOK_SECRET"] as const;

async function main(): Promise<void> {
  const env = process.env;
  if (!env.APP_ID || !(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH) || !env.WEBHOOK_SECRET) {
    console.error("blast-radius app: set APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET");
    process.exit(2);
  }
  // githubOctokit: rate limits are waited out, bounded, where Probot's handlers give up.
  const probot = createProbot({ env: { LOG_LEVEL: "info", ...env }, overrides: { Octokit: githubOctokit() } });
  // Probot has read them; no child process (git, helm, plugins) may inherit them.
  for (const name of SECRET_VARIABLES) delete process.env[name];
  const running = await startServer({
    probot,
    deps: defaultDeps(env),
    port: Number(env.PORT) || 3000,
    ...(env.HOST ? { host: env.HOST } : {}),
  });
  const stop = () => {
    void running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

await main();

import type { OwnIdentity } from "./find-sticky-comment.js";
import type { GitHubClient } from "./github-client.js";

/** The identity of a GitHub App by its slug (GET /apps/{slug}: public apps need no special
 *  permission), as its comments carry it: `performed_via_github_app.id` and `<slug>[bot]`. */
export async function getAppIdentity(params: { octokit: GitHubClient; slug: string }): Promise<OwnIdentity> {
  const { data } = await params.octokit.rest.apps.getBySlug({ app_slug: params.slug });
  if (!data) throw new Error(`GitHub App ${params.slug} not found`);
  return { appId: data.id, login: `${data.slug ?? params.slug}[bot]` };
}

import type { GitHubClient, RepoRef } from "./github-client.js";

export interface PermissionLevel {
  /** legacy level: admin | write | read | none (custom roles map to their base) */
  permission: string;
  /** the role: admin | maintain | write | triage | read, or a custom role name */
  roleName: string;
}

/** A user's permission on the repository (GET /repos/{o}/{r}/collaborators/{u}/permission). */
export async function getPermissionLevel(params: {
  octokit: GitHubClient;
  repo: RepoRef;
  username: string;
}): Promise<PermissionLevel> {
  try {
    const { data } = await params.octokit.rest.repos.getCollaboratorPermissionLevel({
      ...params.repo,
      username: params.username,
    });
    return { permission: data.permission, roleName: data.role_name };
  } catch (err) {
    // GitHub answers 404 for someone it does not count as a collaborator at all: no access.
    if ((err as { status?: unknown }).status === 404) return { permission: "none", roleName: "none" };
    throw err;
  }
}

import type { PermissionLevel } from "../adapters/github/get-permission-level.js";

/** Roles that may accept a blocking verdict. */
export const APPROVER_ROLES = ["write", "maintain", "admin"] as const;

/** Write, maintain or admin; a custom role counts when its base permission is write or admin. */
export function hasWriteAccess(level: PermissionLevel): boolean {
  return (
    (APPROVER_ROLES as readonly string[]).includes(level.roleName) ||
    level.permission === "write" ||
    level.permission === "admin"
  );
}

/** The check run's name; branch protection requires it by this exact name (INTERFACE.md section 4). */
export const CHECK_RUN_NAME = "Argo CD blast radius";

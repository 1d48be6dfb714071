/** Where a repository keeps its configuration (INTERFACE.md sections 2 and 4), read from the base
 *  revision by the CLI and from the default branch by the app. */
export const CONFIG_PATH = ".github/argocd-blast-radius.yml";

// Which files of an app directory the repo-server reads for a plain-directory source
// (argo-cd:reposerver/repository/repository.go (getPotentiallyValidManifests, getPotentiallyValidManifestFile)).
import { matchGobwasGlob } from "./match-gobwas-glob.js";

/** Only these extensions are read (repository.go manifestFile regexp). */
const MANIFEST_FILE = /^.*\.(yaml|yml|json|jsonnet)$/;

export interface SelectDirectoryFilesParams {
  /** Regular files (or symlinks to regular files) under the app directory, relative to it, posix. */
  files: readonly string[];
  recurse: boolean;
  include?: string;
  exclude?: string;
}

/** filepath.Walk visits a directory's entries in lexical order of their names, so compare path
 *  segment by segment ("a/x.yaml" comes before "a.yaml" because "a" < "a.yaml"). */
export function compareWalkOrder(a: string, b: string): number {
  const sa = a.split("/");
  const sb = b.split("/");
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const x = sa[i]!;
    const y = sb[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return sa.length - sb.length;
}

export function selectDirectoryFiles(params: SelectDirectoryFilesParams): string[] {
  const { recurse, include, exclude } = params;
  return (
    params.files
      .filter((f) => recurse || !f.includes("/"))
      .filter((f) => MANIFEST_FILE.test(f.slice(f.lastIndexOf("/") + 1)))
      // exclude is tested first, then include when set
      .filter((f) => !(exclude && matchGobwasGlob(exclude, f)))
      .filter((f) => !include || matchGobwasGlob(include, f))
      .sort(compareWalkOrder)
  );
}

/** Argo CD 3.1+ skips any file that contains this marker (docs/user-guide/directory.md). */
export const SKIP_FILE_RENDERING_MARKER = "+argocd:skip-file-rendering";

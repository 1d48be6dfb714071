// SourceTrees that note what is asked of one tree (a side's own): what an ApplicationSet's
// generators read, for side-reads. Only the paths of a listing count as read when only the listing
// is asked for (a git directory generator): a README changed in place changes no listing.
import type { RepoTree, SourceTrees } from "../ports.js";
import type { SideReadsBuilder } from "./side-reads.js";

export interface RecordedSourceTrees {
  readonly trees: SourceTrees;
  /** no tree but `own` was read, and no revision that may be fetched later was met */
  ownTreeOnly(): boolean;
}

export function recordSourceReads(params: {
  trees: SourceTrees;
  own: RepoTree;
  into: SideReadsBuilder;
}): RecordedSourceTrees {
  const { own, into } = params;
  let ownOnly = true;
  const recorded: RepoTree = {
    revision: own.revision,
    directory(paths) {
      if (paths) for (const p of paths) into.addPath(p);
      else into.addDir("");
      return own.directory(paths);
    },
    listFiles() {
      into.addListing("");
      return own.listFiles();
    },
    async filesUnder(dir) {
      into.addListing(dir);
      if (own.filesUnder) return own.filesUnder(dir);
      const prefix = `${dir}/`;
      return (await own.listFiles()).filter((f) => dir === "" || f.startsWith(prefix));
    },
    readFile(path) {
      into.addPath(path);
      return own.readFile(path);
    },
    ...(own.fileIds
      ? {
          fileIds() {
            into.addDir("");
            return own.fileIds!();
          },
        }
      : {}),
    ...(own.filesContaining
      ? {
          filesContaining(text: string, paths?: readonly string[]) {
            if (paths) for (const p of paths) into.addPath(p);
            else into.addDir("");
            return own.filesContaining!(text, paths);
          },
        }
      : {}),
    ...(own.symlinks
      ? {
          symlinks() {
            into.addListing("");
            return own.symlinks!();
          },
        }
      : {}),
  };
  return {
    trees: {
      async resolve(q) {
        const r = await params.trees.resolve(q);
        if (!r.ok) {
          if (r.unavailable) ownOnly = false;
          return r;
        }
        if (r.tree !== own) {
          ownOnly = false;
          return r;
        }
        return { ok: true, tree: recorded };
      },
    },
    ownTreeOnly: () => ownOnly,
  };
}

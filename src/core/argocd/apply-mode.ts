// How Argo CD applies one object: client- or server-side apply, replace, force. Read as
// argo-cd:gitops-engine/pkg/sync/sync_context.go (applyObject, shouldUseServerSideApply) does:
//   shouldReplace := sc.replace || the resource's Replace=true   (sc.replace: the app's syncOptions)
//   force         := sc.force   || the resource's Force=true     (sc.force: the sync operation's
//                    strategy, set by hand in a manual sync; never the app's syncOptions)
//   serverSide    := not the resource's ServerSideApply=false, and (the app's or the resource's
//                    ServerSideApply=true)
import type { Manifest } from "../model.js";
import { SyncOption } from "./constants.js";
import { annotationOptions, hasAppOption } from "./sync-options.js";

export interface ApplyMode {
  replace: boolean;
  force: boolean;
  serverSide: boolean;
}

export function applyModeOf(params: { obj: Manifest; appOptions: readonly string[] }): ApplyMode {
  const own = annotationOptions(params.obj);
  const has = (o: string): boolean => own.includes(o);
  return {
    replace: hasAppOption(params.appOptions, SyncOption.Replace) || has(SyncOption.Replace),
    force: has(SyncOption.Force),
    serverSide:
      !has(SyncOption.DisableServerSideApply) &&
      (hasAppOption(params.appOptions, SyncOption.ServerSideApply) || has(SyncOption.ServerSideApply)),
  };
}

// Which run is current, per pull request. Runs for one PR may overlap (a push
// during an analysis, a rerun command); only the latest may publish. A
// generation counter in memory is enough because a restart loses the older
// runs too.

export interface RunTicket {
  key: string;
  generation: number;
}

export class RunTracker {
  private readonly latest = new Map<string, number>();
  // One counter for all PRs, never reset: after `finish` forgets a key, a new
  // run must still get a number no older run of that PR holds.
  private counter = 0;

  /** Registers a new run for the PR; every earlier run of it becomes stale. */
  start(key: string): RunTicket {
    const generation = ++this.counter;
    this.latest.set(key, generation);
    return { key, generation };
  }

  isLatest(ticket: RunTicket): boolean {
    return this.latest.get(ticket.key) === ticket.generation;
  }

  /** Forgets a PR whose latest run has finished, so the map does not grow forever. */
  finish(ticket: RunTicket): void {
    if (this.isLatest(ticket)) this.latest.delete(ticket.key);
  }
}

export function pullRequestKey(params: { owner: string; repo: string; number: number }): string {
  return `${params.owner}/${params.repo}#${params.number}`.toLowerCase();
}

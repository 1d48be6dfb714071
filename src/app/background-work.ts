// Work a webhook starts but its answer does not wait for. Creating the check run is a GitHub
// write, and GitHub asks for writes of one installation to be spaced (Octokit's throttling waits
// about a second between them), so under a burst of events an answer that waited for the check
// came after about 9 s (GitHub cuts deliveries at 10 s). The answer goes first; the check and the
// job follow here. An event whose work is lost with the process (killed between the answer and
// the enqueue) is found again by the reconcile at the next start: an open pull request whose head
// has no completed check of ours is analysed.

export class BackgroundWork {
  private readonly pending = new Set<Promise<void>>();

  /** Starts `work` without waiting for it; it must catch its own errors. */
  run(work: () => Promise<void>): void {
    const p = work().finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  get size(): number {
    return this.pending.size;
  }

  /** Waits for what was started, for at most `ms`: a drain hands the jobs to the queue before it closes. */
  async settle(ms: number): Promise<void> {
    if (this.pending.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.pending]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
      }),
    ]);
    clearTimeout(timer);
  }
}

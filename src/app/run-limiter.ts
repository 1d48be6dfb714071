// Analyses are CPU-heavy (helm, kustomize, plugins, each already parallel
// inside one run); a burst of pushes must queue instead of starving the host.

export class RunLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next task, so `active` stays counted.
      if (next) next();
      else this.active--;
    }
  }
}

// The wait between "stop" and the graceful stop, while a load balancer notices the 503 on
// /healthz. A cancellable timer whose end runs synchronously when it is skipped, so that a
// second signal's kill finds the stop already under way, not a drain that would restart
// the workers it kills.
export class DrainDelay {
  private timer: NodeJS.Timeout | null = null;
  private end: (() => void) | null = null;

  get active(): boolean {
    return this.end !== null;
  }

  /** Calls then() after ms, or at once when skip() comes first. */
  start(ms: number, then: () => void): void {
    this.end = then;
    this.timer = setTimeout(() => this.finish(), ms);
  }

  /** Ends a running drain now; false if none runs. */
  skip(): boolean {
    if (!this.active) return false;
    this.finish();
    return true;
  }

  private finish(): void {
    const end = this.end;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.end = null;
    end?.();
  }
}

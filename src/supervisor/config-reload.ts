// Reload with new configuration: at the start of each reload, before any worker is
// touched, the options are read again (the --config file, through the same loader
// and validation as at start) and what may change (options/reconfigure.ts) is taken on
// by the supervisor's options object, which fork and the crash policy read each time.
// A config that does not load or validate aborts the reload: the old workers serve on.
import { logEvent } from '../log-events.js';
import type { Logger } from '../logger.js';
import { planReconfigure } from '../options/reconfigure.js';
import type { ResolvedOptions } from '../options/resolve.js';
import { parseEnv } from '../options/values.js';
import { setupCluster } from './cluster-setup.js';
import type { ConfigOutcome } from './events.js';

/** What a reconfiguration needs from the workforce: the number of slots. */
export interface Scalable {
  readonly size: number;
  scaleTo(n: number): Promise<void>;
}

export class ConfigReload {
  /** The configuration generation new workers get: 1 at start, one more per reload that changed something. */
  generation = 1;
  /** What the last reconfiguration did, for the reload's answer; null when it changed nothing. */
  last: ConfigOutcome | null = null;
  private source: (() => Promise<ResolvedOptions>) | null = null;
  private readonly envOverrides: Record<string, string> = {};

  /** options: the supervisor's own object, changed in place. */
  constructor(
    private readonly options: ResolvedOptions,
    private readonly log: Logger,
  ) {}

  setSource(read: () => Promise<ResolvedOptions>): void {
    this.source = read;
  }

  /** `clusterize reload --env KEY=VALUE`: for this reload and later ones, over the file's env. Throws when invalid. */
  setEnv(env: unknown): void {
    Object.assign(this.envOverrides, parseEnv('env', env));
  }

  /** Reads the options again and applies what may change; throws (and changes nothing) when they are invalid. */
  async apply(workforce: Scalable): Promise<void> {
    let read: ResolvedOptions;
    try {
      read = this.source ? await this.source() : this.options;
    } catch (err) {
      const error = (err as Error).message;
      logEvent(this.log, 'error', 'reload.config', { error }, `reload aborted, the old workers keep serving: ${error}`);
      throw err;
    }
    const next = { ...read, env: { ...read.env, ...this.envOverrides } };
    const { apply, changed, needsRestart } = planReconfigure(this.options, next);
    this.last = null;
    if (changed.length === 0 && needsRestart.length === 0) return;
    Object.assign(this.options, apply);
    if (changed.length) {
      this.generation++;
      setupCluster(this.options); // node args and script arguments are cluster settings
    }
    const fields = { changed, needsRestart, generation: this.generation };
    this.last = fields;
    const msg =
      (changed.length ? `new configuration (generation ${this.generation}): ${changed.join(', ')}` : 'configuration unchanged for the workers') +
      (needsRestart.length ? `; needs a restart to change: ${needsRestart.join(', ')}` : '');
    logEvent(this.log, needsRestart.length ? 'warn' : 'info', 'reload.config', fields, msg);
    if (apply.instances !== undefined && apply.instances !== workforce.size) await workforce.scaleTo(apply.instances);
  }
}

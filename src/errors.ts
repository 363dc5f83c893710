// Every error clusterize raises on purpose is one of these classes. The codes are
// stable (tests and users match on them); the messages say how to fix the problem.

export const ErrorCodes = {
  INVALID_OPTION: 'CLUSTERIZE_ERR_INVALID_OPTION',
  USAGE: 'CLUSTERIZE_ERR_USAGE',
  SCRIPT_NOT_FOUND: 'CLUSTERIZE_ERR_SCRIPT_NOT_FOUND',
  SCRIPT_UNUSABLE: 'CLUSTERIZE_ERR_SCRIPT_UNUSABLE',
  CONFIG: 'CLUSTERIZE_ERR_CONFIG',
  NOT_PRIMARY: 'CLUSTERIZE_ERR_NOT_PRIMARY',
  ALREADY_RUNNING: 'CLUSTERIZE_ERR_ALREADY_RUNNING',
  SOCKET_DIR: 'CLUSTERIZE_ERR_SOCKET_DIR',
  SOCKET_PATH: 'CLUSTERIZE_ERR_SOCKET_PATH',
  NO_SUPERVISOR: 'CLUSTERIZE_ERR_NO_SUPERVISOR',
  CONTROL: 'CLUSTERIZE_ERR_CONTROL',
  GAVE_UP: 'CLUSTERIZE_ERR_GAVE_UP',
  STOPPED: 'CLUSTERIZE_ERR_STOPPED',
  RELOAD_FAILED: 'CLUSTERIZE_ERR_RELOAD_FAILED',
  LISTEN_TIMEOUT: 'CLUSTERIZE_ERR_LISTEN_TIMEOUT',
  METRICS_LISTEN: 'CLUSTERIZE_ERR_METRICS_LISTEN',
  IPC_RESERVED: 'CLUSTERIZE_ERR_IPC_RESERVED',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** What the CLI exits with. The one place that says it; README's "Exit codes" lists it. */
export const ExitStatus = {
  OK: 0,
  /** Something failed at run time. */
  FAILURE: 1,
  /** A wrong invocation: nothing was started. */
  USAGE: 2,
  /** A second SIGINT/SIGTERM killed the workers at once (128 + SIGINT, as shells report it). */
  INTERRUPTED: 130,
} as const;

/** Every code's exit status: a Record, so a new code without one does not compile. */
const exitStatusOf: Record<ErrorCode, typeof ExitStatus.FAILURE | typeof ExitStatus.USAGE> = {
  CLUSTERIZE_ERR_INVALID_OPTION: ExitStatus.USAGE,
  CLUSTERIZE_ERR_USAGE: ExitStatus.USAGE,
  CLUSTERIZE_ERR_SCRIPT_NOT_FOUND: ExitStatus.USAGE,
  CLUSTERIZE_ERR_SCRIPT_UNUSABLE: ExitStatus.USAGE,
  CLUSTERIZE_ERR_CONFIG: ExitStatus.USAGE,
  CLUSTERIZE_ERR_NOT_PRIMARY: ExitStatus.FAILURE,
  CLUSTERIZE_ERR_ALREADY_RUNNING: ExitStatus.FAILURE,
  CLUSTERIZE_ERR_SOCKET_DIR: ExitStatus.FAILURE,
  CLUSTERIZE_ERR_SOCKET_PATH: ExitStatus.USAGE,
  CLUSTERIZE_ERR_NO_SUPERVISOR: ExitStatus.FAILURE,
  CLUSTERIZE_ERR_CONTROL: ExitStatus.FAILURE,
  CLUSTERIZE_ERR_GAVE_UP: ExitStatus.FAILURE,
  CLUSTERIZE_ERR_STOPPED: ExitStatus.FAILURE,
  CLUSTERIZE_ERR_RELOAD_FAILED: ExitStatus.FAILURE,
  CLUSTERIZE_ERR_LISTEN_TIMEOUT: ExitStatus.FAILURE,
  CLUSTERIZE_ERR_METRICS_LISTEN: ExitStatus.FAILURE,
  CLUSTERIZE_ERR_IPC_RESERVED: ExitStatus.FAILURE,
};

export function exitStatusOfCode(code: ErrorCode): 1 | 2 {
  return exitStatusOf[code];
}

/** The exit status for anything thrown: a coded error's own, 1 for anything else. */
export function exitStatusFor(err: unknown): number {
  return err instanceof ClusterizeError ? err.exitCode : ExitStatus.FAILURE;
}

export class ClusterizeError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }

  /** 2 for a wrong invocation, 1 for a failure at run time: what the CLI exits with. */
  get exitCode(): 1 | 2 {
    return exitStatusOf[this.code];
  }
}

/** A bad option value, from the CLI, a config file or supervise(). */
export class InvalidOptionError extends ClusterizeError {
  readonly option: string;
  readonly value: unknown;
  constructor(option: string, value: unknown, expected: string) {
    super(ErrorCodes.INVALID_OPTION, `Invalid ${option}: got ${show(value)}; ${expected}.`);
    this.option = option;
    this.value = value;
  }
}

export class UsageError extends ClusterizeError {
  constructor(message: string) {
    super(ErrorCodes.USAGE, message);
  }
}

export class ScriptNotFoundError extends ClusterizeError {
  readonly script: string;
  constructor(script: string, resolved: string) {
    super(
      ErrorCodes.SCRIPT_NOT_FOUND,
      `Script not found: ${script} (looked for ${resolved}); check the path, or pass --cwd to resolve it from another directory.`,
    );
    this.script = script;
  }
}

/** A script that is there but that no worker could load: a directory, a socket, a file this user cannot read. */
export class ScriptUnusableError extends ClusterizeError {
  readonly script: string;
  constructor(script: string, problem: string, fix: string) {
    super(ErrorCodes.SCRIPT_UNUSABLE, `Script ${script} ${problem}; ${fix}.`);
    this.script = script;
  }
}

export class ConfigError extends ClusterizeError {
  constructor(file: string, problem: string, cause?: unknown) {
    super(ErrorCodes.CONFIG, `Config file ${file}: ${problem}${/[.?]$/.test(problem) ? '' : '.'}`, { cause });
  }
}

export class NotPrimaryError extends ClusterizeError {
  constructor() {
    super(
      ErrorCodes.NOT_PRIMARY,
      'supervise({ script }) was called inside a cluster worker; call it only from the primary, or use supervise({ worker }) for a single entrypoint.',
    );
  }
}

export class AlreadyRunningError extends ClusterizeError {
  /** The running supervisor's pid, when it answered in time. */
  readonly pid: number | null;
  constructor(name: string, socket: string, pid: number | null = null) {
    super(
      ErrorCodes.ALREADY_RUNNING,
      `'${name}' is already running (pid ${pid ?? 'unknown: it did not answer'}, control socket ${socket}); stop it with 'clusterize stop --name ${name}', or start this one with another --name.`,
    );
    this.pid = pid;
  }
}

/** Something that is not our socket sits where the control socket should go. */
export class SocketPathError extends ClusterizeError {
  constructor(socket: string, problem: string) {
    super(
      ErrorCodes.SOCKET_PATH,
      `Control socket path ${socket} ${problem}; it was left alone: remove it yourself or pass another --socket path.`,
    );
  }
}

export class SocketDirError extends ClusterizeError {
  constructor(dir: string, problem: string) {
    super(
      ErrorCodes.SOCKET_DIR,
      `Control socket directory ${dir} ${problem}; remove it or pass --socket <path> in a directory only you can write.`,
    );
  }
}

export class NoSupervisorError extends ClusterizeError {
  constructor(target: string, socket: string) {
    super(
      ErrorCodes.NO_SUPERVISOR,
      `No clusterize supervisor is running for ${target} (nothing answers on ${socket}); start one with 'clusterize <script>', or pass the --name or --socket it was started with.`,
    );
  }
}

export class ControlError extends ClusterizeError {
  constructor(message: string, cause?: unknown) {
    super(ErrorCodes.CONTROL, message, { cause });
  }
}

export class GaveUpError extends ClusterizeError {
  readonly lastError: string | undefined;
  constructor(script: string, lastError: string | undefined) {
    super(
      ErrorCodes.GAVE_UP,
      `${script}: every worker kept crashing, giving up` +
        (lastError ? `; last error: ${lastError}` : '; it printed no error') +
        '. Fix the error and start again (see --max-restarts and --min-uptime).',
    );
    this.lastError = lastError;
  }
}

export class StoppedError extends ClusterizeError {
  constructor(what: string) {
    super(ErrorCodes.STOPPED, `${what}: the supervisor is stopping.`);
  }
}

/** Thrown in a worker by process.send for a message in Node's internal NODE_ namespace. */
export class IpcReservedError extends ClusterizeError {
  readonly cmd: string;
  constructor(cmd: string) {
    super(
      ErrorCodes.IPC_RESERVED,
      `process.send() refused a message with cmd '${cmd}': Node.js reserves cmd values starting with NODE_ for its own IPC; give your message another cmd.`,
    );
    this.cmd = cmd;
  }
}

/** How a new worker of a failed reload ended. */
export interface FailedWorkerExit {
  code: number | null;
  signal: string | null;
  lastError?: string;
}

export class ReloadFailedError extends ClusterizeError {
  readonly slot: number;
  /** Why, in a few words: "the new worker exited (code 1): SyntaxError: ...". */
  readonly reason: string;
  /** How the new worker ended, when it died (null when it hung past listen-timeout). */
  readonly exit: FailedWorkerExit | null;
  constructor(
    slot: number,
    reason: string,
    exit: FailedWorkerExit | null = null,
    cause?: unknown,
  ) {
    super(
      ErrorCodes.RELOAD_FAILED,
      `Reload aborted at slot ${slot}: ${reason}. The old workers keep serving the old code; fix the app and reload again.`,
      { cause },
    );
    this.slot = slot;
    this.reason = reason;
    this.exit = exit;
  }
}

export class MetricsListenError extends ClusterizeError {
  constructor(address: string, cause: unknown) {
    super(
      ErrorCodes.METRICS_LISTEN,
      `Cannot serve metrics on ${address}: ${(cause as Error)?.message ?? String(cause)}; pick a free port with --metrics.`,
      { cause },
    );
  }
}

/** A value as the user gave it, on one line and cut short: it may be hostile or huge. */
function show(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
  if (text.length > 100) text = `${text.slice(0, 100)}…`;
  return typeof value === 'string' ? `'${text}'` : text;
}

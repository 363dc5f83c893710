// When the primary dies, even by SIGKILL, its workers must not run on: one whose event
// loop is stuck never sees the IPC channel close. A tiny shell process, started once
// per supervisor, holds a pipe from the primary and the list of worker pids; the pipe
// reaches end-of-file only when the primary is gone, and the shell then SIGKILLs every
// worker still listed (and their children). It blocks in `read` meanwhile: no polling,
// about 1 MB of RSS in all, nothing at all in the workers. Without /bin/sh (Windows) it
// is not started, and workers rely on their IPC channel alone.
import { spawn, type ChildProcess } from 'node:child_process';

// Ctrl-C and a terminal hang-up reach the whole process group: the reaper must outlive
// them, since the primary may still be stopping its workers.
const SCRIPT = `
trap '' INT HUP QUIT TSTP
pids=
while read -r line; do
  case $line in
    +*) pids="$pids \${line#+}" ;;
    -*) gone=\${line#-}; kept=; for p in $pids; do [ "$p" = "$gone" ] || kept="$kept $p"; done; pids=$kept ;;
  esac
done
for p in $pids; do pkill -KILL -P "$p" 2>/dev/null; done
[ -n "$pids" ] && kill -KILL $pids 2>/dev/null
exit 0
`;

let reaper: ChildProcess | null | undefined;

function start(): ChildProcess | null {
  if (process.platform === 'win32') return null;
  try {
    const child = spawn('/bin/sh', ['-c', SCRIPT], { stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', () => (reaper = null));
    child.stdin!.on('error', () => (reaper = null));
    // It must never keep the primary (or a test using supervise()) alive.
    child.unref();
    (child.stdin as unknown as { unref(): void }).unref();
    return child;
  } catch {
    return null;
  }
}

/** Lines told before the shell runs: it starts on the turn after it is first needed. */
let early: string[] | null = null;

function tell(line: string): void {
  if (reaper !== undefined) return write(line);
  if (early === null) {
    // A start forks every worker in one turn; spawning the shell in the middle of that
    // would put several ms of the primary's CPU between the first fork and the others.
    early = [];
    setImmediate(() => {
      reaper = start();
      for (const l of early ?? []) write(l);
      early = null;
    }).unref();
  }
  early.push(line);
}

function write(line: string): void {
  if (reaper?.stdin?.writable) reaper.stdin.write(line + '\n');
}

/** The reaper kills pid if this process dies first. */
export function reapOnDeath(pid: number): void {
  if (pid > 0) tell(`+${pid}`);
}

/** pid has exited: never signal it again (it may be reused). */
export function forgetOnDeath(pid: number): void {
  if (pid > 0 && (reaper || early)) tell(`-${pid}`);
}

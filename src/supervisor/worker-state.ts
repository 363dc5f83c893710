// The lifecycle of one worker process, as one string. It is changed in exactly one
// place (ManagedWorker#move), which checks the step against this table.
//
//   starting --> online --> ready --> draining --> exited
//       \___________\_________\__________________/^
//
// online: the process runs the app, which is not serving yet.
// ready:  it listens (or, with --wait-ready, it said process.send('ready')).
// draining: told to finish its requests and leave; takes no new connections.
export type WorkerState = 'starting' | 'online' | 'ready' | 'draining' | 'exited';

const next: Record<WorkerState, readonly WorkerState[]> = {
  starting: ['online', 'ready', 'draining', 'exited'],
  online: ['ready', 'draining', 'exited'],
  ready: ['draining', 'exited'],
  draining: ['exited'],
  exited: [],
};

export function canMove(from: WorkerState, to: WorkerState): boolean {
  return next[from].includes(to);
}

/** Alive and counted as serving capacity (or about to be). */
export function isLive(state: WorkerState): boolean {
  return state === 'starting' || state === 'online' || state === 'ready';
}

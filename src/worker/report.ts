// Placeholder until per-worker metrics land: reports nothing yet.
import type { WorkerMessage } from '../ipc/protocol.js';

export function startReporting(_send: (msg: WorkerMessage) => void, _intervalMs: number): void {}

// clusterize's public API.
export { supervise } from './supervise.js';
export { Supervisor } from './supervisor/supervisor.js';
export type { SuperviseOptions, ResolvedOptions } from './options/resolve.js';
export type { SupervisorEvents, WorkerRef, ExitEvent, ReloadResult, RetireReason } from './supervisor/events.js';
export type { SupervisorStatus, WorkerStatus } from './supervisor/status.js';
export type { WorkerState } from './supervisor/worker-state.js';
export type { WorkerMetrics } from './ipc/protocol.js';
export type { Logger } from './logger.js';
export * from './errors.js';

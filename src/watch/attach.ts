// Placeholder: wires watch mode (file changes -> rolling reload) to a supervisor.
import type { Supervisor } from '../supervisor/supervisor.js';

export async function attachWatch(_sup: Supervisor): Promise<void> {}

// A hung worker's stack is read through the inspector (src/metrics/diagnostics.ts): the
// primary sends SIGUSR1, which Node answers from a watchdog thread and a V8 interrupt,
// so it works while JavaScript spins in a loop. Node would open the inspector on 9229,
// which a second worker (or anything else on the machine) may hold; port 0 lets the
// kernel pick, and Node prints the address on stderr. Costs nothing until SIGUSR1 comes.
const DEFAULT_PORT = 9229;

export function pickInspectorPortOnDemand(): void {
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  // The user's own --inspect / --inspect-port wins.
  if (process.debugPort !== DEFAULT_PORT || /--inspect|--debug-port/.test(flags)) return;
  process.debugPort = 0;
}

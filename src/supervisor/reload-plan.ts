// Which slots a rolling reload replaces together. Pure.

/** Splits the slots into batches of at most `parallel`, in slot order. */
export function planReload(slots: readonly number[], parallel: number): number[][] {
  const size = Math.max(1, Math.floor(parallel));
  const batches: number[][] = [];
  for (let i = 0; i < slots.length; i += size) batches.push(slots.slice(i, i + size));
  return batches;
}

// A process's descendants, so that stopping a worker also stops what it spawned
// (node:cluster cannot put a worker in a process group of its own). Linux reads the
// kernel's child lists under /proc, or every process's stat; elsewhere `ps` answers.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { statFields } from './proc-stat.js';

/** Pure: every descendant of root in a pid → parent pid table, children before grandchildren. */
export function descendantsOf(root: number, parents: Map<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) {
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const out: number[] = [];
  const seen = new Set([root]);
  for (let i = -1; i < out.length; i++) {
    for (const child of children.get(i === -1 ? root : out[i]!) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      out.push(child);
    }
  }
  return out;
}

/** Pid → parent pid of every process we can see. */
export function processTable(): Map<number, number> {
  const table = new Map<number, number>();
  if (process.platform === 'linux') {
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${name}/stat`, 'latin1');
        table.set(Number(name), Number(statFields(stat)[1]));
      } catch {
        // Gone meanwhile.
      }
    }
    return table;
  }
  try {
    for (const line of execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' }).split('\n')) {
      const [pid, ppid] = line.trim().split(/\s+/).map(Number);
      if (pid && ppid !== undefined) table.set(pid, ppid);
    }
  } catch {
    // No ps: nothing known, nothing killed.
  }
  return table;
}

/**
 * Linux's own child lists (/proc/<pid>/task/<tid>/children, one per thread that forked):
 * a few small reads per process in the tree, where processTable() reads every process on
 * the machine (about 10 ms on a busy host, at every worker exit). Null where the kernel
 * does not offer the file (CONFIG_PROC_CHILDREN), and the whole table is read instead.
 */
export function childTable(root: number): Map<number, number> | null {
  if (process.platform !== 'linux') return null;
  const table = new Map<number, number>();
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    const pid = queue[i]!;
    let tasks: string[];
    try {
      tasks = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      if (pid === root) return null;
      continue; // Gone meanwhile.
    }
    for (const tid of tasks) {
      let text: string;
      try {
        text = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1');
      } catch (err) {
        if (pid === root && (err as NodeJS.ErrnoException).code === 'ENOENT' && tid === String(root)) return null;
        continue;
      }
      for (const child of text.split(' ')) {
        const c = Number(child);
        if (c > 0 && !table.has(c)) {
          table.set(c, pid);
          queue.push(c);
        }
      }
    }
  }
  return table;
}

/** Sends signal to every descendant of pid (not pid itself); returns whom it reached. */
export function signalDescendants(pid: number, signal: NodeJS.Signals): number[] {
  const reached: number[] = [];
  for (const child of descendantsOf(pid, childTable(pid) ?? processTable())) {
    try {
      process.kill(child, signal);
      reached.push(child);
    } catch {
      // Already gone, or not ours to signal.
    }
  }
  return reached;
}

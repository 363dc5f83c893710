// A fork that failed, as one line that names the cause. Node reports a working
// directory that is gone as ENOENT on the node binary, which sends people looking in
// the wrong place, so the directory is checked first. Pure apart from that one stat.
import fs from 'node:fs';

export interface SpawnFailure {
  code: string | undefined;
  syscall: string | undefined;
  path: string | undefined;
  cause: string;
}

const hints: Record<string, string> = {
  EMFILE: 'the supervisor has too many open files (raise ulimit -n)',
  ENFILE: 'the system has too many open files',
  EAGAIN: 'the system refused another process (ulimit -u, or memory)',
  ENOMEM: 'not enough memory to start a process',
  EACCES: 'permission denied',
};

export function describeSpawnError(err: NodeJS.ErrnoException, cwd: string, dirExists = (d: string) => fs.statSync(d, { throwIfNoEntry: false })?.isDirectory() === true): SpawnFailure {
  const code = err.code;
  let cause: string;
  if (!dirExists(cwd)) cause = `the working directory ${cwd} does not exist (${code ?? err.message})`;
  else if (code && hints[code]) cause = `${hints[code]} (${code}${err.path ? `, ${err.path}` : ''})`;
  else cause = err.message;
  return { code, syscall: err.syscall, path: err.path, cause };
}

// Control sockets of a test file's supervisors go to a directory of its own (the
// default lives under $XDG_RUNTIME_DIR), so a supervisor a test SIGKILLs leaves no
// socket file in the user's real directory, and no other run's sockets show up. Made
// on first use, removed when the test process exits; nothing happens at import.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let dir: string | undefined;

export function runtimeDir(): string {
  if (dir === undefined) {
    const made = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-test-runtime-'));
    process.on('exit', () => fs.rmSync(made, { recursive: true, force: true }));
    dir = made;
  }
  return dir;
}

/** The environment for a supervisor, a control command or a lookup made by a test. */
export function testEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, XDG_RUNTIME_DIR: runtimeDir(), ...extra };
}

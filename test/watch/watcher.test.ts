// The chokidar wrapper on a real directory: what it enters, what it reports.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { createWatchFilter } from '../../src/watch/filter.js';
import { watchFiles, type ChangeKind, type FileWatcher } from '../../src/watch/watcher.js';
import { withTimeout } from '../helpers/wait.js';

function tempDir(t: TestContext): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-watcher-')));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function start(t: TestContext, dir: string) {
  const seen: { file: string; kind: ChangeKind }[] = [];
  const waiters: (() => void)[] = [];
  const filter = createWatchFilter({ roots: [dir], cwd: dir, ignore: ['generated'], extensions: ['.js', '.json'], ownFiles: [] });
  const w: FileWatcher = watchFiles([dir], filter, {
    change: (file, kind) => {
      seen.push({ file: path.relative(dir, file), kind });
      waiters.forEach((f) => f());
    },
    error: (err) => assert.fail(err),
  });
  t.after(() => w.close());
  await withTimeout(w.ready, 5000, 'the initial scan');
  const waitFor = (file: string, what = file) =>
    withTimeout(
      new Promise<void>((resolve) => {
        const check = () => seen.some((e) => e.file === file) && resolve();
        waiters.push(check);
        check();
      }),
      5000,
      `a change event for ${what}; seen: ${JSON.stringify(seen)}`,
    );
  return { w, seen, waitFor };
}

test('never enters node_modules, dot-folders or ignored directories, and reports only code files', async (t) => {
  const dir = tempDir(t);
  for (const d of ['src', 'node_modules/dep/lib', '.git/objects', 'generated']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src', 'a.js'), '1');
  fs.writeFileSync(path.join(dir, 'node_modules', 'dep', 'lib', 'index.js'), '1');
  const { w, seen, waitFor } = await start(t, dir);
  const dirs = w.watchedDirs().map((d) => path.relative(dir, d));
  assert.ok(dirs.includes('src'), `src is watched: ${dirs.join(', ')}`);
  for (const d of dirs) assert.ok(!/node_modules|\.git|generated/.test(d), `entered ${d}`);

  fs.writeFileSync(path.join(dir, 'node_modules', 'dep', 'lib', 'index.js'), '2');
  fs.writeFileSync(path.join(dir, '.git', 'objects', 'x.js'), '2');
  fs.writeFileSync(path.join(dir, 'generated', 'out.js'), '2');
  fs.writeFileSync(path.join(dir, 'src', 'notes.md'), '2');
  fs.writeFileSync(path.join(dir, 'server.log'), '2');
  fs.writeFileSync(path.join(dir, 'src', 'a.js'), '2');
  await waitFor(path.join('src', 'a.js'));
  // A later marker bounds the wait: anything the writes above caused has arrived by now.
  fs.writeFileSync(path.join(dir, 'marker.json'), '{}');
  await waitFor('marker.json');
  assert.deepEqual(seen, [
    { file: path.join('src', 'a.js'), kind: 'change' },
    { file: 'marker.json', kind: 'add' },
  ]);
});

test('a file replaced by a new one (git checkout, atomic save) is still seen on later changes', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'a.js');
  fs.writeFileSync(file, '0');
  const { seen, waitFor } = await start(t, dir);
  let marker = 0;
  for (let i = 1; i <= 3; i++) {
    seen.length = 0;
    // chokidar drops a change that follows the previous one on the same file by less
    // than 50 ms, so replace again after each marker round trip until one is seen.
    while (!seen.some((e) => e.file === 'a.js')) {
      // what git does: remove, then create afresh (a new inode)
      fs.unlinkSync(file);
      fs.writeFileSync(file, String(i));
      fs.writeFileSync(path.join(dir, `marker${++marker}.js`), '');
      await waitFor(`marker${marker}.js`);
      assert.ok(marker < 200, `replacement ${i} of a.js was never seen, after ${marker} markers`);
    }
  }
});

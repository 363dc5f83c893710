// As a container's first process (CMD ["npx", "clusterize", ...]) the supervisor is pid
// 1, the one that inherits every orphan in the container. The kernel does not reap them:
// pid 1 must waitpid() for them, and Node has no call that waits for a process it did not
// start, so orphans of the app (a grandchild whose parent died) would stay zombies until
// the pid table fills up. Signals are fine (clusterize handles SIGTERM and SIGINT itself,
// and pid 1 receives only handled signals); reaping needs a real init in front of it.

export interface Pid1Warning {
  fix: string;
  message: string;
}

/** Null unless this process is pid 1, which means nothing runs before it that could reap. */
export function pid1Warning(pid: number): Pid1Warning | null {
  if (pid !== 1) return null;
  const fix = 'run it under an init: docker run --init, tini (ENTRYPOINT ["tini", "--"]), or shareProcessNamespace: true in Kubernetes';
  return {
    fix,
    message: `running as pid 1 without an init: orphaned processes of the app will not be reaped and stay zombies; ${fix}`,
  };
}

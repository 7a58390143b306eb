// The embedded mode's data folder belongs to one server process (DESIGN.md "Deployment and scale"):
// two PGlite instances on one DATA_DIR silently lose each other's writes and hang on shutdown. A lock
// file, created exclusively, names the holder; a second server refuses to start. A lock left by a
// process that died (kill -9, power loss) is taken over when that process is gone from this host.
import { open, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = '.licenselens.lock';

interface Holder {
  pid: number;
  host: string;
  startedAt: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: Holder | null,
  ) {
    const who = holder ? `（进程 ${holder.pid}，主机 ${holder.host}）` : '';
    const whoEn = holder ? ` (pid ${holder.pid} on ${holder.host})` : '';
    super(
      `数据目录 ${dataDir} 已被另一个 LicenseLens 服务使用${who}：一个 DATA_DIR 只能由一个服务使用，请先停止它，或为本服务设置另一个 DATA_DIR。\n` +
        `The data folder ${dataDir} is in use by another LicenseLens server${whoEn}: only one server may use a DATA_DIR. Stop it first, or give this server another DATA_DIR.`,
    );
    this.name = 'DataDirLockedError';
  }
}

/** Lock files this process holds: a lock naming our own pid is stale only when we do not hold it. */
const held = new Set<string>();

export interface DataDirLock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: existence check only
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

async function readHolder(path: string): Promise<Holder | null> {
  try {
    const h = JSON.parse(await readFile(path, 'utf8')) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? { pid: h.pid, host: h.host, startedAt: String(h.startedAt ?? '') } : null;
  } catch {
    return null;
  }
}

/** Takes the lock of `dataDir` (which must exist) or throws DataDirLockedError. */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const path = join(dataDir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, 'wx', 0o600);
      try {
        await file.writeFile(JSON.stringify(me));
      } finally {
        await file.close();
      }
      held.add(path);
      return {
        async release() {
          if (!held.delete(path)) return;
          // Only our own lock: never remove one another process took over meanwhile.
          const h = await readHolder(path);
          if (h && h.pid === me.pid && h.host === me.host && h.startedAt === me.startedAt) await rm(path, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = await readHolder(path);
    // A holder on another host (a shared folder) cannot be checked: it counts as alive. Our own pid in a
    // leftover lock is a restarted container (pid 1 again), not a second server. An unreadable lock is
    // one being written right now, unless it is old (a crash between creating and writing it).
    const stale =
      holder === null
        ? Date.now() - (await stat(path).then((s) => s.mtimeMs, () => 0)) > 10_000
        : holder.host === me.host && (holder.pid === me.pid ? !held.has(path) : !alive(holder.pid));
    if (!stale || attempt > 0) throw new DataDirLockedError(dataDir, holder);
    await rm(path, { force: true });
  }
  throw new DataDirLockedError(dataDir, null);
}

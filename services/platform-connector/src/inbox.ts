import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isExportFile } from './export/index.js';

/** Sub-folders of the inbox: finished files, files that could not be read, downloads. */
export const DONE_DIR = 'done';
export const FAILED_DIR = 'failed';
export const DOWNLOAD_DIR = '.download';

/**
 * Export files in the inbox that are ready, oldest name first (platform names carry the
 * export date, so name order is delivery order). A file modified within `settleMs` may
 * still be being copied in and waits for the next round; writers that can should copy
 * to a dot-name and rename, which is atomic.
 */
export async function readyExportFiles(dir: string, settleMs: number): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const now = Date.now();
  const ready: string[] = [];
  for (const e of entries) {
    if (!e.isFile() || !isExportFile(e.name)) continue;
    const info = await stat(join(dir, e.name)).catch(() => undefined);
    if (info && now - info.mtimeMs >= settleMs) ready.push(e.name);
  }
  return ready.sort();
}

/** Moves a file into a sub-folder; an earlier file of the same name there is kept. */
export async function moveAside(dir: string, name: string, sub: string): Promise<string> {
  const target = join(dir, sub);
  await mkdir(target, { recursive: true });
  let destination = join(target, name);
  if (existsSync(destination)) {
    destination = join(target, `${name}.${new Date().toISOString().replace(/[:.]/g, '-')}`);
  }
  await rename(join(dir, name), destination);
  return destination;
}

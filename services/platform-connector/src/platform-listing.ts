import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '@carbon-account/runtime';
import { z } from 'zod';
import { isExportFile } from './export/index.js';
import { DOWNLOAD_DIR } from './inbox.js';

/**
 * The platform's listing: `{ "files": [{ "name": "...", "url": "..." }] }`. `url` may be
 * relative to the listing URL and defaults to the name itself.
 */
const listing = z.object({
  files: z.array(z.object({ name: z.string(), url: z.string().optional() })),
});

/** A plain file name: nothing that could climb out of the inbox. */
const safeName = (name: string) =>
  name.length <= 200 && !['/', '\\', '\0'].some((c) => name.includes(c)) && isExportFile(name);

/**
 * Polls the listing and downloads every export not seen before into the inbox, through a
 * `.download/` part file renamed into place when complete: the inbox never sees half a
 * file, and a crash mid-download only costs the download. What counts as seen is up to
 * the caller (a checkpoint exists, or the file is already in the inbox).
 */
export async function downloadNewExports(opts: {
  listingUrl: string;
  token?: string;
  inboxDir: string;
  seen: (name: string) => boolean;
  logger: Logger;
  timeoutMs: number;
  downloadTimeoutMs: number;
}): Promise<string[]> {
  const headers: Record<string, string> = opts.token
    ? { authorization: `Bearer ${opts.token}` }
    : {};
  const res = await fetch(opts.listingUrl, {
    headers,
    signal: AbortSignal.timeout(opts.timeoutMs),
  });
  if (!res.ok) throw new Error(`listing answered HTTP ${res.status}`);
  const parsed = listing.safeParse(await res.json());
  if (!parsed.success)
    throw new Error(`listing is not { files: [{ name, url }] }: ${parsed.error.message}`);
  const downloaded: string[] = [];
  for (const entry of parsed.data.files) {
    if (!safeName(entry.name)) {
      opts.logger.warn(
        { name: entry.name },
        'listing names a file the connector does not take; skipped',
      );
      continue;
    }
    if (opts.seen(entry.name) || existsSync(join(opts.inboxDir, entry.name))) continue;
    const url = new URL(entry.url ?? encodeURIComponent(entry.name), opts.listingUrl);
    const partDir = join(opts.inboxDir, DOWNLOAD_DIR);
    await mkdir(partDir, { recursive: true });
    const part = join(partDir, `${entry.name}.part`);
    try {
      const file = await fetch(url, {
        headers,
        signal: AbortSignal.timeout(opts.downloadTimeoutMs),
      });
      if (!file.ok || !file.body) throw new Error(`HTTP ${file.status}`);
      await pipeline(Readable.fromWeb(file.body as never), createWriteStream(part));
      await rename(part, join(opts.inboxDir, entry.name));
      downloaded.push(entry.name);
    } catch (err) {
      await rm(part, { force: true });
      throw new Error(
        `download of ${entry.name} from ${url.origin}${url.pathname} failed: ${(err as Error).message}`,
      );
    }
  }
  return downloaded;
}

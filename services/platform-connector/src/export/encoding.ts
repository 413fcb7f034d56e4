import { open } from 'node:fs/promises';

const SNIFF_BYTES = 64 * 1024;

/**
 * The encoding of a platform CSV: UTF-8 (with or without BOM) when its first 64 KiB are
 * valid UTF-8, otherwise GB18030 (the superset of GBK that Chinese spreadsheet software
 * writes). GBK text of any length is almost never valid UTF-8, so the guess is safe.
 */
export function sniffEncoding(head: Buffer): 'utf8' | 'gb18030' {
  try {
    // stream: a character cut at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf8';
  } catch {
    return 'gb18030';
  }
}

export async function fileEncoding(path: string): Promise<'utf8' | 'gb18030'> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return sniffEncoding(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

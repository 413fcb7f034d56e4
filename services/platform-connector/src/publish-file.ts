import { join } from 'node:path';
import type { OutgoingMessage, TopicNames } from '@carbon-account/kafka';
import type { Logger } from '@carbon-account/runtime';
import type { RejectedReadingV1 } from '@carbon-account/schemas';
import type { Checkpoints, FileCheckpoint } from './checkpoints.js';
import { type ExportItem, exportItems, readingOf } from './export/index.js';
import type { AccountMap } from './mapping.js';
import type { TransactionalPublisher } from './publisher.js';

export interface FilePublishing {
  publisher: TransactionalPublisher;
  accounts: AccountMap;
  topics: TopicNames;
  checkpoints: Checkpoints;
  logger: Logger;
  /** Lines per transaction: bounds memory and what a crash costs to redo. */
  batchLines: number;
  maxLineChars: number;
  /** Checked between transactions, so a stop never leaves a batch half-built. */
  stopping: () => boolean;
  onBatch?: (published: number, rejected: number, reasons: string[]) => void;
}

export type FileOutcome = 'done' | 'unreadable' | 'stopped';

const MAX_RAW = 64 * 1024;

function rejection(
  item: { line: number; raw: string },
  file: string,
  reason: string,
  errors: RejectedReadingV1['errors'],
  ids: { orgId?: string; readingId?: string } = {},
): string {
  const envelope: RejectedReadingV1 = {
    reason,
    errors,
    ...(ids.orgId ? { orgId: ids.orgId } : {}),
    ...(ids.readingId ? { readingId: ids.readingId } : {}),
    source: { kind: 'platform-file', file, line: item.line },
    raw: item.raw.length > MAX_RAW ? item.raw.slice(0, MAX_RAW) : item.raw,
    rejectedAt: new Date().toISOString(),
  };
  return JSON.stringify(envelope);
}

/**
 * Publishes one export file from its last committed checkpoint on: every line becomes a
 * reading or a rejection (never both, never none), `batchLines` at a time, each batch in
 * one transaction with the checkpoint of the line it reached. The last transaction marks
 * the file done, so a crash before it is moved aside does not publish it again.
 */
export async function publishFile(
  dir: string,
  file: string,
  p: FilePublishing,
): Promise<FileOutcome> {
  const before = p.checkpoints.get(file);
  if (before?.done) return before.unreadable ? 'unreadable' : 'done';
  let checkpoint: FileCheckpoint = before ?? {
    file,
    line: 0,
    published: 0,
    rejected: 0,
    done: false,
    updatedAt: new Date().toISOString(),
  };
  if (before) p.logger.info({ file, line: before.line }, 'resuming file after its last checkpoint');
  const resumeAfter = checkpoint.line;
  let messages: OutgoingMessage[] = [];
  let lines = 0;
  let published = 0;
  let rejected = 0;
  let reasons: string[] = [];
  let lastLine = checkpoint.line;

  const commit = async (done: boolean, unreadable = false) => {
    const next: FileCheckpoint = {
      file,
      line: lastLine,
      published: checkpoint.published + published,
      rejected: checkpoint.rejected + rejected,
      done,
      ...(unreadable ? { unreadable } : {}),
      updatedAt: new Date().toISOString(),
    };
    await p.publisher.publish(messages, next);
    checkpoint = next;
    p.checkpoints.set(file, next);
    p.onBatch?.(published, rejected, reasons);
    messages = [];
    lines = 0;
    published = 0;
    rejected = 0;
    reasons = [];
  };

  let unreadable = false;
  const items = exportItems(join(dir, file), { maxLineChars: p.maxLineChars });
  try {
    for (;;) {
      let next: IteratorResult<ExportItem>;
      try {
        next = await items.next();
      } catch (err) {
        // The reader itself failed (not a line): what follows cannot be read.
        const item = { line: lastLine + 1, raw: '' };
        messages.push({
          topic: p.topics.rejected,
          key: `${file}:${item.line}`,
          value: rejection(item, file, 'file unreadable from this line on', [
            { path: '(file)', message: (err as Error).message },
          ]),
        });
        rejected += 1;
        reasons.push('file unreadable from this line on');
        unreadable = true;
        break;
      }
      if (next.done) break;
      const item = next.value;
      if (item.line <= resumeAfter) continue;
      lastLine = item.line;
      lines += 1;
      if ('problem' in item) {
        messages.push({
          topic: p.topics.rejected,
          key: `${file}:${item.line}`,
          value: rejection(item, file, item.problem.reason, item.problem.errors),
        });
        rejected += 1;
        reasons.push(item.problem.reason);
        if (item.fatal) {
          unreadable = true;
          break;
        }
      } else {
        const mapped = readingOf(item.fields, p.accounts, item.labels);
        if ('reading' in mapped) {
          messages.push({
            topic: p.topics.readings,
            key: mapped.reading.orgId,
            value: JSON.stringify(mapped.reading),
            headers: { 'platform-file': file, 'platform-line': String(item.line) },
          });
          published += 1;
        } else {
          messages.push({
            topic: p.topics.rejected,
            key: mapped.orgId ?? `${file}:${item.line}`,
            value: rejection(item, file, mapped.reason, mapped.errors, mapped),
          });
          rejected += 1;
          reasons.push(mapped.reason);
        }
      }
      if (lines >= p.batchLines) {
        await commit(false);
        if (p.stopping()) return 'stopped';
      }
    }
  } finally {
    await items.return(undefined);
  }
  await commit(true, unreadable);
  return unreadable ? 'unreadable' : 'done';
}

import { chinaMonth, chinaMonthStart, shiftMonth } from '@carbon-account/accounting';

/**
 * When a month closes. Meter files of a month keep arriving for some days after it ends,
 * and its output report is written in the next month; until the close the account is
 * provisional: it changes as data arrives, which is filling in, not restating, and it earns
 * no carbon credits yet. After the close it becomes final once its figures have settled
 * (restatement.ts); a change after that is a restatement and the ledger follows it with an
 * adjust entry.
 */

const DAY_MS = 86_400_000;

/** The instant (ms) month `YYYY-MM` closes: `closeDays` after its end, China time. */
export function monthClosesAt(month: string, closeDays: number): number {
  return chinaMonthStart(shiftMonth(month, 1)) + closeDays * DAY_MS;
}

export const isMonthOpen = (month: string, nowMs: number, closeDays: number) =>
  nowMs < monthClosesAt(month, closeDays);

/** The newest month that is closed at `nowMs`: the one before the month `closeDays` ago. */
export const lastClosedMonth = (nowMs: number, closeDays: number): string =>
  shiftMonth(chinaMonth(nowMs - closeDays * DAY_MS), -1);

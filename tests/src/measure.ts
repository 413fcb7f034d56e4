import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

/**
 * Peak resident set size of a process in MB (VmHWM from /proc, the kernel's high-water
 * mark), or undefined when the process is gone or /proc is not there.
 */
export function peakRssMb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Percentile (0–100) of a list of numbers by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** A markdown table, for benchmark reports. */
export function markdownTable(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * The pid of the process listening on a loopback TCP port (from `ss`), so a benchmark can
 * read the peak RSS of a service it started through wrappers (npx, tsx, tether).
 */
export async function pidListeningOn(port: number): Promise<number | undefined> {
  const { stdout } = await promisify(execFile)('ss', ['-ltnpH', `sport = :${port}`]).catch(() => ({
    stdout: '',
  }));
  const m = /pid=(\d+)/.exec(stdout);
  return m ? Number(m[1]) : undefined;
}

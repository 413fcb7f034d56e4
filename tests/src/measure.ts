import { execFile, spawnSync } from 'node:child_process';
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

/** Every process below `pid` (children, their children…): the tether runs a service in a child. */
export function descendants(pid: number): number[] {
  const out = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout;
  const children = out.split('\n').filter(Boolean).map(Number);
  return children.flatMap((c) => [c, ...descendants(c)]);
}

/** The descendants of `pid` whose command line contains `text`, e.g. a broker this process started. */
export function descendantsRunning(pid: number, text: string): number[] {
  return descendants(pid).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(text);
    } catch {
      return false;
    }
  });
}

/** The highest peak RSS (MB) of `pid` and its descendants; 0 when none can be read. */
export function peakTreeRssMb(pid: number): number {
  return Math.max(0, ...[pid, ...descendants(pid)].map((p) => peakRssMb(p) ?? 0));
}

const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a process so far (/proc/<pid>/stat); 0 when it is gone. */
export function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** User + system CPU seconds of these processes so far, summed. */
export function cpuSecondsOfAll(pids: readonly number[]): number {
  return pids.reduce((s, pid) => s + cpuSecondsOf(pid), 0);
}

/**
 * CPU seconds the whole machine spent busy so far (/proc/stat: every core, every process,
 * user + nice + system + irq + softirq), to compare what a path costs in all its processes.
 */
export function machineCpuSeconds(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/) ?? [];
  const busy = [1, 2, 3, 6, 7].reduce((s, i) => s + Number(cpu[i] ?? 0), 0);
  return busy / CLOCK_TICKS_PER_SECOND;
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

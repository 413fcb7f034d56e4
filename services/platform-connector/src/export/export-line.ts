import type { FieldError } from '@carbon-account/schemas';

/**
 * One metered line of a platform export, in the platform's own terms and still as text:
 * what both export formats (CSV and JSON lines) carry, before it is mapped to an org.
 */
export interface ExportLine {
  /** 户号: the utility account number. */
  accountNo: string;
  /** 表计编号: the utility's meter number. */
  meterNo: string;
  /** 能源类型: 电, 天然气, 热力 … */
  kind: string;
  /** 抄表起始时间 / 抄表截止时间: Beijing time, usually without an offset. */
  start: string;
  end: string;
  /** 用量 and its 计量单位. */
  quantity: string;
  unit: string;
  /** 绿电电量 (kWh), electricity only; empty when the export has none. */
  green: string;
}

export type ExportField = keyof ExportLine;

/** A line that cannot become a reading, with why, for the rejected topic. */
export interface LineProblem {
  reason: string;
  errors: FieldError[];
}

/**
 * What a file reader yields for each data line: the physical line number (1-based, where
 * the record ends, as an editor shows it), the text as it was, and either the line's
 * fields or why it could not be read. `fatal` ends the file (e.g. an unusable header).
 */
export type ExportItem = { line: number; raw: string } & (
  | { fields: ExportLine; labels: Record<ExportField, string> }
  | { problem: LineProblem; fatal?: boolean }
);

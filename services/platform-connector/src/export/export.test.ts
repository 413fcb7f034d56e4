import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAccountMap } from '../mapping.js';
import {
  beijingInstant,
  contractUnitOf,
  type ExportItem,
  exportItems,
  readingOf,
  sniffEncoding,
} from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'platform-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const accounts = parseAccountMap(
  JSON.stringify({
    accounts: [{ accountNo: '5002370010012', orgId: '91500237MA5U7T2K1Y', meterId: 'grid-main' }],
  }),
  'mapping.json',
);

async function itemsOf(name: string, content: Buffer | string, maxLineChars = 1000) {
  writeFileSync(join(dir, name), content);
  const items: ExportItem[] = [];
  for await (const item of exportItems(join(dir, name), { maxLineChars })) items.push(item);
  return items;
}

const ELEC_HEADER = '户号,户名,表计编号,抄表起始时间,抄表截止时间,电量(kWh),绿电电量(kWh)';

describe('platform vocabulary', () => {
  it('reads Beijing time as written by the platform, with +08:00', () => {
    expect(beijingInstant('2025-03-01 00:00:00')).toBe('2025-03-01T00:00:00+08:00');
    expect(beijingInstant('2025/3/1 8:05')).toBe('2025-03-01T08:05:00+08:00');
    expect(beijingInstant('2025-03-01T00:00:00+08:00')).toBe('2025-03-01T00:00:00+08:00');
    expect(beijingInstant('2025-02-30 00:00:00')).toBeUndefined();
    expect(beijingInstant('01/03/2025')).toBeUndefined();
  });
  it('spells the platform units as the contract does', () => {
    expect(contractUnitOf('千瓦时')).toBe('kWh');
    expect(contractUnitOf('ｋＷｈ')).toBe('kWh');
    expect(contractUnitOf('万立方米')).toBe('10^4 m3');
    expect(contractUnitOf('m³')).toBe('m3');
    expect(contractUnitOf('吨')).toBeUndefined();
  });
  it('tells GBK from UTF-8', () => {
    expect(sniffEncoding(iconv.encode(ELEC_HEADER, 'gbk'))).toBe('gb18030');
    expect(sniffEncoding(Buffer.from(ELEC_HEADER))).toBe('utf8');
    // a character cut at the end of the sample is still UTF-8
    expect(sniffEncoding(Buffer.from(ELEC_HEADER).subarray(0, 4))).toBe('utf8');
  });
});

describe('mapping an export line to a reading', () => {
  const labels = {
    accountNo: '户号',
    meterNo: '表计编号',
    kind: '能源类型',
    start: '抄表起始时间',
    end: '抄表截止时间',
    quantity: '用量',
    unit: '计量单位',
    green: '绿电电量(kWh)',
  };
  const line = {
    accountNo: '5002370010012',
    meterNo: '3101-0042',
    kind: '电',
    start: '2025-03-01 00:00:00',
    end: '2025-03-02 00:00:00',
    quantity: '1,252.50',
    unit: '万千瓦时',
    green: '',
  };
  it('maps account to org and meter, with a readingId from account, meter and period', () => {
    expect(readingOf(line, accounts, labels)).toEqual({
      reading: {
        readingId: 'p:5002370010012:3101-0042:2025-03-01T00:00:00+08:00',
        orgId: '91500237MA5U7T2K1Y',
        meterId: 'grid-main',
        source: 'platform',
        type: 'electricity',
        quantity: 1252.5,
        unit: '10^4 kWh',
        periodStart: '2025-03-01T00:00:00+08:00',
        periodEnd: '2025-03-02T00:00:00+08:00',
        greenElectricityKWh: 0,
      },
    });
  });
  it('names the platform field and the reason for every problem', () => {
    const bad = readingOf(
      { ...line, accountNo: '5009', kind: '电', unit: 'm3', quantity: 'abc' },
      accounts,
      labels,
    );
    expect(bad).toMatchObject({ reason: 'malformed export line' });
    const paths = 'errors' in bad ? bad.errors.map((e) => e.path) : [];
    expect(paths).toEqual(['户号', '计量单位', '用量']);
    expect('errors' in bad && bad.errors[0]?.message).toMatch(/not in the mapping file/);
  });
  it('turns contract errors back into the export column', () => {
    const bad = readingOf({ ...line, quantity: '-5', unit: 'kWh' }, accounts, labels);
    expect(bad).toMatchObject({
      errors: [{ path: '用量' }],
      orgId: '91500237MA5U7T2K1Y',
      readingId: 'p:5002370010012:3101-0042:2025-03-01T00:00:00+08:00',
    });
    const backwards = readingOf(
      { ...line, unit: 'kWh', end: '2025-02-28 00:00' },
      accounts,
      labels,
    );
    expect(backwards).toMatchObject({
      errors: [{ path: '抄表截止时间', message: 'must be after periodStart' }],
    });
  });
});

describe('reading export files', () => {
  it('streams a GBK CSV with its physical line numbers, problems in their place', async () => {
    const csv = [
      ELEC_HEADER,
      // Excel ends rows with CRLF and writes a line break inside a cell as LF.
      '5002370010012,"巫山县某建材\n有限公司",3101-0042,2025-03-01 00:00,2025-03-02 00:00,"1,200.5",300',
      '5002370010012,巫山"x,3101-0042,2025-03-02 00:00,2025-03-03 00:00,12,',
      '',
      '5002370010012,short,3101-0042',
      '5002370010012,巫山县某建材有限公司,3101-0042,2025-03-03 00:00,2025-03-04 00:00,7,',
    ].join('\r\n');
    const items = await itemsOf('elec.csv', iconv.encode(csv, 'gbk'));
    expect(items.map((i) => [i.line, 'fields' in i ? 'line' : i.problem.reason])).toEqual([
      [3, 'line'],
      [4, 'unreadable CSV line'],
      [6, 'malformed export line'],
      [7, 'line'],
    ]);
    const first = items[0];
    expect(first && 'fields' in first && first.fields).toMatchObject({
      accountNo: '5002370010012',
      kind: '电',
      unit: 'kWh',
      quantity: '1,200.5',
      green: '300',
    });
    expect(items[2]?.raw).toBe('5002370010012,short,3101-0042');
  });
  it('ends a CSV whose header lacks a needed column with one fatal problem', async () => {
    const items = await itemsOf('bad.csv', '户号,表计编号,用量\n1,2,3\n');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      line: 1,
      fatal: true,
      problem: {
        errors: [
          { message: expect.stringMatching(/抄表起始时间.*抄表截止时间.*能源类型.*计量单位/) },
        ],
      },
    });
  });
  it('streams JSON lines with the platform field names; a runaway line is cut, not held', async () => {
    const good = JSON.stringify({
      hh: '5002370010012',
      bjbh: 'G1',
      nylx: '天然气',
      qssj: '2025-03-01 08:00:00',
      jzsj: '2025-03-02 08:00:00',
      yl: 2100.5,
      jldw: 'm3',
    });
    const jsonl = `${good}\n\n{"hh": ${'9'.repeat(5000)}}\nnot json\n[1]\n${good}`;
    const items = await itemsOf('gas.jsonl', jsonl, 1000);
    expect(items.map((i) => [i.line, 'fields' in i ? 'line' : i.problem.reason])).toEqual([
      [1, 'line'],
      [3, 'line too long'],
      [4, 'not JSON'],
      [5, 'malformed export line'],
      [6, 'line'],
    ]);
    expect(items[1]?.raw.length).toBeLessThanOrEqual(200);
    const last = items[4];
    expect(last && 'fields' in last && readingOf(last.fields, accounts, last.labels)).toMatchObject(
      {
        reading: { type: 'natural_gas', quantity: 2100.5, unit: 'm3', meterId: 'grid-main' },
      },
    );
  });
  it('reads the shipped samples with the shipped mapping', async () => {
    const { loadAccountMap } = await import('../mapping.js');
    const map = loadAccountMap(new URL('../../samples/mapping.json', import.meta.url).pathname);
    const counts = { readings: 0, problems: 0 };
    for (const name of [
      'sgcc-wushan-elec-20250308-001.csv',
      'cqgas-wushan-20250309-001.jsonl',
      'wushan-heat-202503.csv',
    ]) {
      const path = new URL(`../../samples/${name}`, import.meta.url).pathname;
      for await (const item of exportItems(path, { maxLineChars: 65536 })) {
        const ok = 'fields' in item && 'reading' in readingOf(item.fields, map, item.labels);
        counts[ok ? 'readings' : 'problems'] += 1;
      }
    }
    expect(counts).toEqual({ readings: 23, problems: 5 });
  });
});

describe('the mapping file', () => {
  it('refuses a wrong org id or a duplicated account, naming it', () => {
    const entry = { accountNo: '1', orgId: '91500237MA5U7T2K1Y', meterId: 'm' };
    expect(() =>
      parseAccountMap(
        JSON.stringify({ accounts: [{ ...entry, orgId: '91500237MA5U7T2K1A' }] }),
        'm.json',
      ),
    ).toThrow(/accounts\.0\.orgId: not a valid unified social credit code/);
    expect(() => parseAccountMap(JSON.stringify({ accounts: [entry, entry] }), 'm.json')).toThrow(
      /account 1 is listed twice/,
    );
  });
});

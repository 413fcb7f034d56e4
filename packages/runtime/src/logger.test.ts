import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from './logger.js';

describe('logger', () => {
  it('writes structured lines and never the secrets it is handed', () => {
    const lines: string[] = [];
    const logger = createLogger('ingest-api', 'info', {
      write: (line: string) => void lines.push(line),
    });
    logger.info(
      {
        apiKey: 'k-secret',
        req: { headers: { authorization: 'Bearer s3cret' } },
        key: { apiKey: 'k2' },
      },
      'request',
    );
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry.service).toBe('ingest-api');
    expect(entry.msg).toBe('request');
    expect(lines.join('')).not.toMatch(/k-secret|s3cret|k2/);
  });
  it('removes passwords from URLs', () => {
    expect(redactUrl('http://user:pw@host:8123/')).toBe('http://user:***@host:8123/');
    expect(redactUrl('not a url')).toBe('[unparseable url]');
  });
});

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, serializeError } from '../../../server/src/logger';

const capture = () => {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
};

describe('log lines', () => {
  it("keep an error's code and blank the secrets by key path", () => {
    const { logger, lines } = capture();
    logger.error(
      {
        portalId: 7,
        code: 'hubspot_auth_failed',
        accessToken: 'at-secret',
        installation: { refreshToken: 'rt-secret', client_secret: 'cs-secret' },
      },
      'sync failed',
    );
    expect(lines[0]).toMatchObject({
      code: 'hubspot_auth_failed',
      accessToken: '[Redacted]',
      installation: { refreshToken: '[Redacted]', client_secret: '[Redacted]' },
    });
    expect(JSON.stringify(lines)).not.toMatch(/at-secret|rt-secret|cs-secret/);
  });

  it('serialize an error with its message, code and whole cause chain', () => {
    const { logger, lines } = capture();
    const root = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const error = new Error('cannot connect to the Postgres store', { cause: root });
    logger.error({ err: error }, 'Pulse could not start');
    expect(lines[0]?.err).toMatchObject({
      type: 'Error',
      message: 'cannot connect to the Postgres store',
      cause: { message: 'connect ECONNREFUSED 127.0.0.1:5432', code: 'ECONNREFUSED' },
    });
  });

  it('serialize what libraries throw that is not an Error, never as "[object Object]"', () => {
    const { logger, lines } = capture();
    logger.error({ err: { message: 'queue pulse-sync not found', queue: 'pulse-sync' } }, 'pg-boss error');
    logger.error({ err: { reason: 'timeout', after: 30 } }, 'pg-boss error');
    logger.error({ err: 'plain text' }, 'pg-boss error');
    expect(lines.map((l) => (l.err as { message: string }).message)).toEqual([
      'queue pulse-sync not found',
      '{"reason":"timeout","after":30}',
      'plain text',
    ]);
    expect(JSON.stringify(lines)).not.toContain('[object Object]');
  });

  it("leave out an SDK error's other fields (request headers may carry the bearer token)", () => {
    const error = Object.assign(new Error('HTTP 401'), {
      statusCode: 401,
      headers: { authorization: 'Bearer sdk-secret' },
    });
    const serialized = serializeError(error);
    expect(serialized).toMatchObject({ message: 'HTTP 401', statusCode: 401 });
    expect(JSON.stringify(serialized)).not.toContain('sdk-secret');
  });

  it("list an AggregateError's errors (Node's connect to every address of a host)", () => {
    const error = new AggregateError(
      [
        Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' }),
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ],
      '',
    );
    expect(serializeError(error).errors?.map((e) => e.message)).toEqual([
      'connect ECONNREFUSED ::1:5432',
      'connect ECONNREFUSED 127.0.0.1:5432',
    ]);
  });
});

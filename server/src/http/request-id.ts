import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** An incoming id is honoured only when it looks like one: it lands in every log line of the request. */
const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const pickRequestId = (incoming: string | string[] | undefined): string =>
  typeof incoming === 'string' && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();

export const requestIdOf = (req: IncomingMessage): string =>
  typeof req.id === 'string' ? req.id : req.id !== undefined ? String(req.id) : 'unknown';

import type { RequestHandler } from 'express';
import { redactUrl, type Logger } from '../logger';
import { pickRequestId } from './request-id';

declare module 'http' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- augmenting Node's type needs an interface
  interface IncomingMessage {
    /** the request id: echoed as X-Request-Id, bound to every log line of the request */
    id: string;
    /** the app logger bound to this request's id */
    log: Logger;
  }
}

/**
 * One line per request when it ends: method, path (secrets in the query blanked), status and duration.
 * Replaces pino-http, whose per-request child logger serialised every request's headers up front (whether or
 * not the line was written) and cost more than reading the card from the store. Headers are not logged: they
 * are mostly noise, and the signature and cookies would have to be redacted anyway.
 * Levels: 5xx error, 4xx and aborted info, the rest debug (production runs at info: failures only).
 */
export const requestLog =
  (logger: Logger): RequestHandler =>
  (req, res, next) => {
    const started = performance.now();
    const id = pickRequestId(req.headers['x-request-id']);
    req.id = id;
    req.log = logger.child({ reqId: id });
    res.setHeader('X-Request-Id', id);
    res.once('close', () => {
      const aborted = !res.writableFinished;
      const level = res.statusCode >= 500 ? 'error' : aborted || res.statusCode >= 400 ? 'info' : 'debug';
      if (!req.log.isLevelEnabled(level)) return;
      req.log[level](
        {
          req: { method: req.method, url: redactUrl(req.originalUrl) },
          res: { statusCode: res.statusCode },
          responseTime: Math.round(performance.now() - started),
        },
        aborted ? 'request aborted' : 'request completed',
      );
    });
    next();
  };

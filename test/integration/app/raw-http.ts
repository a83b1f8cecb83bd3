import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PulseApp } from '../../../server/src/app';

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; text: string };

/** The app listening on a loopback port, for requests supertest cannot make (exact bytes, aborted uploads). */
export const listenApp = async (app: PulseApp) => {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

/** Sends exactly these bytes (no serialisation, no added Content-Type) and reads the answer. */
export const rawRequest = (
  port: number,
  input: { method: string; path: string; headers?: Record<string, string>; body?: Buffer },
): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: input.method, path: input.path, headers: input.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(input.body);
  });

/**
 * Starts an upload that promises `declared` bytes, sends `sent` of them, waits and hangs up: the server sees an
 * aborted request. Resolves once the socket is closed.
 */
export const abortedUpload = (
  port: number,
  input: { path: string; headers?: Record<string, string>; declared: number; sent: number },
): Promise<void> =>
  new Promise((resolve) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: input.path,
      headers: { ...input.headers, 'Content-Length': String(input.declared) },
    });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.write(Buffer.alloc(input.sent, 0x20));
    setTimeout(() => req.destroy(), 100);
  });

// Response builders with HubSpot's status codes and error body shapes.

export type JsonValue = unknown;

export const JSON_TYPE = 'application/json;charset=utf-8';

export function json(status: number, body: JsonValue, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE, ...headers } });
}

/** HubSpot's standard error envelope: `{ status: "error", message, correlationId, category, ... }`. */
export function hubspotError(
  status: number,
  category: string,
  message: string,
  correlationId: string,
  extra: Record<string, unknown> = {},
): Response {
  return json(status, { status: 'error', message, correlationId, category, ...extra });
}

/** Thrown by handlers to answer with an error response without threading it through every return. */
export class SandboxHttpError extends Error {
  constructor(
    readonly status: number,
    readonly category: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, extra: Record<string, unknown> = {}) =>
  new SandboxHttpError(400, 'VALIDATION_ERROR', message, extra);

export const notFound = (message = 'resource not found') =>
  new SandboxHttpError(404, 'OBJECT_NOT_FOUND', message);

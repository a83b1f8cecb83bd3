import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { Caller } from './caller';
import { callerOf } from './caller';

/**
 * Parses params/query/body with the shared zod contracts and hands the parsed values to the handler (Express 5's
 * `req.query` is a getter and cannot be replaced, so parsed input travels as an argument). The handler returns the
 * JSON body; a thrown error (AppError or ZodError) goes to the one error middleware.
 */
type Schemas = { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType };
type Parsed<S, K extends keyof Schemas> = K extends keyof S
  ? S[K] extends z.ZodType
    ? z.output<S[K]>
    : undefined
  : undefined;

export type RouteInput<S extends Schemas> = {
  params: Parsed<S, 'params'>;
  query: Parsed<S, 'query'>;
  body: Parsed<S, 'body'>;
  caller: Caller;
  req: Request;
  res: Response;
};

export const route =
  <S extends Schemas>(
    schemas: S,
    handler: (input: RouteInput<S>) => Promise<unknown>,
    options: { status?: number } = {},
  ): RequestHandler =>
  async (req, res) => {
    const input = {
      params: schemas.params === undefined ? undefined : schemas.params.parse(req.params),
      query: schemas.query === undefined ? undefined : schemas.query.parse(req.query),
      body: schemas.body === undefined ? undefined : schemas.body.parse(req.body ?? {}),
      caller: callerOf(req),
      req,
      res,
    } as RouteInput<S>; // the conditional types above are what `parse` returned; TS cannot follow the branches
    const body = await handler(input);
    res.status(options.status ?? 200).json(body);
  };

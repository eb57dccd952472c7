// How a JSON API route describes itself for the OpenAPI document (openapi.ts). Each route module
// exports its operations beside its handlers, naming the very zod schemas the handlers parse with,
// so the description of a request cannot drift from what the route enforces. Responses are
// described by hand (JSON Schema), as the routes build them from views rather than schemas.
import type { z } from 'zod';
import type { ErrorCode } from '../domain/errors.ts';

export type JsonSchema = Record<string, unknown>;

/**
 * Who may call: a bearer access token for the API resource carrying `scope` (null: any live API
 * token, the route checks rights of its own), sent always or, with `optional`, only for more; or anyone.
 */
export type ApiAccess = { scope: string | null; optional?: boolean } | 'public';

export interface ApiBody {
  /** A JSON body, as the route parses it. */
  json?: z.ZodType;
  /** Other media types the route reads (a PDF, CSV, …), each with what it holds. */
  media?: Record<string, string>;
  description?: string;
  /** Whether a body must be sent; true by default. */
  required?: boolean;
}

export interface ApiResponse {
  description: string;
  /** A JSON answer's shape. */
  json?: JsonSchema;
  /** A non-JSON answer's media type (a PDF, an image). */
  media?: string;
  headers?: Record<string, string>;
}

export interface ApiOperation {
  /** The operationId: unique over the whole API. */
  id: string;
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** The path as the router spells it (`/api/seals/:id`). */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: ApiAccess;
  /** Path parameters, one key per `:name` of the path. */
  params?: z.ZodObject;
  query?: z.ZodType;
  /** Request headers the route reads (e.g. Idempotency-Key). */
  headers?: z.ZodObject;
  body?: ApiBody;
  responses: Record<number, ApiResponse>;
  /**
   * Error codes the route answers besides those its shape implies (ERR_UNAUTHENTICATED with a
   * token, ERR_VALIDATION with a body or query, ERR_NOT_FOUND with a path parameter).
   */
  errors?: ErrorCode[];
}

/** A reference to a shared schema of the document. */
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** An object with these properties, all of them required unless listed as optional. */
export function obj(properties: Record<string, JsonSchema>, optional: string[] = []): JsonSchema {
  return { type: 'object', properties, required: Object.keys(properties).filter((k) => !optional.includes(k)) };
}

export const arr = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
export const str = (description?: string): JsonSchema => ({ type: 'string', ...(description ? { description } : {}) });
export const nullable = (type: string, description?: string): JsonSchema => ({ type: [type, 'null'], ...(description ? { description } : {}) });
export const bool: JsonSchema = { type: 'boolean' };
export const dateTime: JsonSchema = { type: 'string', format: 'date-time' };
/** An object whose fields are described in prose only. */
export const loose = (description: string): JsonSchema => ({ type: 'object', description });

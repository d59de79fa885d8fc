/**
 * Reading admin API input: JSON body fields and query parameters, each failure naming the field.
 */
import type { Request } from 'express';
import { badRequest } from './admin-error.js';

/** The JSON body as an object (an absent body is `{}`). */
export function bodyObject(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('The request body must be a JSON object.', 'body');
  return body as Record<string, unknown>;
}

/** A required non-empty string field of the body, trimmed. */
export function requiredString(body: Record<string, unknown>, field: string, maxLength = 200): string {
  const value = body[field];
  if (typeof value !== 'string' || !value.trim()) throw badRequest(`"${field}" must be a non-empty string.`, field);
  if (value.trim().length > maxLength) throw badRequest(`"${field}" must be at most ${maxLength} characters.`, field);
  return value.trim();
}

/** An optional string field of the body, trimmed; undefined when absent, null or blank. */
export function optionalString(body: Record<string, unknown>, field: string, maxLength = 200): string | undefined {
  const value = body[field];
  if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) return undefined;
  return requiredString(body, field, maxLength);
}

/** An optional number field of the body within [min, max]. */
export function optionalNumber(body: Record<string, unknown>, field: string, min: number, max: number): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw badRequest(`"${field}" must be a number from ${min} to ${max}.`, field);
  }
  return value;
}

/** A single-valued query parameter (the first when repeated), or undefined. */
export function queryString(req: Request, name: string, maxLength = 1000): string | undefined {
  const raw: unknown = req.query[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw badRequest(`Query parameter "${name}" must be text.`, name);
  if (value.length > maxLength) throw badRequest(`Query parameter "${name}" must be at most ${maxLength} characters.`, name);
  return value;
}

/** An integer query parameter within [min, max], or the fallback when absent. */
export function queryInteger(req: Request, name: string, fallback: number, min: number, max: number): number {
  const text = queryString(req, name, 20);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw badRequest(`Query parameter "${name}" must be an integer from ${min} to ${max}.`, name);
  return value;
}

/** One of the allowed values, or the fallback when absent. */
export function queryChoice<T extends string>(req: Request, name: string, allowed: readonly T[], fallback?: T): T | undefined {
  const text = queryString(req, name, 100);
  if (text === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(text)) throw badRequest(`Query parameter "${name}" must be one of ${allowed.join(', ')}.`, name);
  return text as T;
}

/** A route parameter as a string. */
export function param(req: Request, name: string): string {
  const value: unknown = req.params[name];
  return typeof value === 'string' ? value : '';
}

import { invalidArgs } from './errcodes';

/**
 * Field readers for request bodies. Each failure names the field and what was
 * wrong, so a client bug shows up as a precise 40097 instead of a vague one.
 * Types are strict (a numeric string is not a number): the pages give the types.
 */
export type JsonObject = Record<string, unknown>;

export function isPresent(body: JsonObject, field: string): boolean {
  return body[field] !== undefined && body[field] !== null;
}

export function requireInteger(body: JsonObject, field: string): number {
  if (!isPresent(body, field)) throw invalidArgs(`${field} is required`);
  const value = body[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw invalidArgs(`${field} must be an integer`);
  }
  return value;
}

export function optionalInteger(body: JsonObject, field: string): number | undefined {
  return isPresent(body, field) ? requireInteger(body, field) : undefined;
}

export function requireString(body: JsonObject, field: string, maxLength = 256): string {
  if (!isPresent(body, field)) throw invalidArgs(`${field} is required`);
  const value = body[field];
  if (typeof value !== 'string') throw invalidArgs(`${field} must be a string`);
  if (value.trim().length === 0) throw invalidArgs(`${field} must not be empty`);
  if (value.length > maxLength) throw invalidArgs(`${field} must be at most ${maxLength} characters`);
  return value;
}

export function optionalString(body: JsonObject, field: string, maxLength = 256): string | undefined {
  return isPresent(body, field) ? requireString(body, field, maxLength) : undefined;
}

export function optionalBoolean(body: JsonObject, field: string): boolean | undefined {
  if (!isPresent(body, field)) return undefined;
  const value = body[field];
  if (typeof value !== 'boolean') throw invalidArgs(`${field} must be a boolean`);
  return value;
}

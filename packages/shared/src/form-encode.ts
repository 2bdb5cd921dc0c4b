/**
 * `application/x-www-form-urlencoded` bodies with bracket notation for nested values, the way
 * Stripe's official libraries write them (stripe-node through `qs` with indexed arrays,
 * stripe-ruby, stripe-php and stripe-python by hand):
 *
 * - objects: `metadata[order_id]=42`
 * - arrays, of objects and of scalars alike, with their index: `items[0][price]=price_1`,
 *   `expand[0]=customer&expand[1]=invoice`
 * - `null` and `undefined` are left out, as are empty arrays and objects; send `""` to clear a
 *   field (`description=`), which is how Stripe unsets a value.
 *
 * The brackets we add stay literal (as Stripe's libraries send them, and every form parser
 * reads); everything else, brackets inside a key included, is percent-encoded.
 */
import type { FormValue } from "./http-types";

/** One flattened field: the bracketed key, still unescaped, and its value as text. */
export type FormEntry = [key: string, value: string];

/**
 * The fields of a form body in order, nested values flattened to bracket notation. The keys are
 * returned as path segments joined with brackets (`items[0][price]`), unescaped: what a
 * multipart body needs.
 */
export function formEntries(value: Readonly<Record<string, FormValue>>): FormEntry[] {
  return flatten(value).map(([path, text]) => [joinPath(path, (segment) => segment), text]);
}

/** Encodes a form body: `encodeForm({ metadata: { a: "1" }, expand: ["x"] })` is `metadata[a]=1&expand[0]=x`. */
export function encodeForm(value: Readonly<Record<string, FormValue>>): string {
  return flatten(value)
    .map(([path, text]) => `${joinPath(path, escapeFormComponent)}=${escapeFormComponent(text)}`)
    .join("&");
}

type FlatEntry = [path: string[], value: string];

function flatten(value: Readonly<Record<string, FormValue>>): FlatEntry[] {
  const entries: FlatEntry[] = [];
  for (const [key, entry] of Object.entries(value)) visit(entry, [key], entries);
  return entries;
}

function visit(value: FormValue, path: string[], entries: FlatEntry[]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item: FormValue, index) => {
      visit(item, [...path, String(index)], entries);
    });
    return;
  }
  if (typeof value === "object") {
    for (const [key, item] of Object.entries(value as Record<string, FormValue>)) {
      visit(item, [...path, key], entries);
    }
    return;
  }
  entries.push([path, String(value)]);
}

function joinPath(path: readonly string[], encodeSegment: (segment: string) => string): string {
  const [root = "", ...rest] = path;
  return encodeSegment(root) + rest.map((segment) => `[${encodeSegment(segment)}]`).join("");
}

/**
 * Percent-encodes one key or value exactly as `URLSearchParams` does: spaces become `+`, and only
 * letters, digits and `*-._` stay as they are.
 */
export function escapeFormComponent(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()~]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

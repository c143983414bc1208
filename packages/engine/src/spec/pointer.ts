/**
 * JSON Pointer (RFC 6901) over specifications, with one extension: an array element that is
 * an object with an `id` may be addressed by that id, so `/steps/normalise/params/method`
 * names the `method` of the step whose id is "normalise" wherever it stands in the list.
 */

type Json = unknown;

function decodeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Splits a pointer into unescaped segments; "" is the whole document. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`JSON Pointer "${pointer}" must start with "/"`);
  return pointer.slice(1).split('/').map(decodeSegment);
}

/** Escapes and joins segments into a pointer. */
export function formatPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

function arrayIndex(array: readonly Json[], segment: string): number {
  if (/^(0|[1-9]\d*)$/.test(segment)) return Number(segment);
  return array.findIndex((item) => typeof item === 'object' && item !== null && (item as { id?: unknown }).id === segment);
}

/** The value at `pointer`, or `undefined` when the path does not exist. */
export function getByPointer(document: Json, pointer: string): Json {
  let current = document;
  for (const segment of parsePointer(pointer)) {
    if (Array.isArray(current)) {
      const i = arrayIndex(current, segment);
      if (i < 0 || i >= current.length) return undefined;
      current = current[i];
    } else if (typeof current === 'object' && current !== null) {
      if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
      current = (current as Record<string, Json>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

/**
 * A copy of `document` with the value at `pointer` replaced (or added, for an object key).
 * Only the objects along the path are copied; the rest is shared. Throws when a parent on
 * the path does not exist, naming the pointer.
 */
export function setByPointer<T>(document: T, pointer: string, value: Json): T {
  const segments = parsePointer(pointer);
  if (segments.length === 0) return value as T;
  const walk = (node: Json, depth: number): Json => {
    const segment = segments[depth];
    const last = depth === segments.length - 1;
    if (Array.isArray(node)) {
      const i = segment === '-' ? node.length : arrayIndex(node, segment);
      if (i < 0 || i > node.length) throw new Error(`JSON Pointer ${pointer}: no element "${segment}" in the array at depth ${depth}`);
      const copy = node.slice();
      copy[i] = last ? value : walk(node[i], depth + 1);
      return copy;
    }
    if (typeof node === 'object' && node !== null) {
      const record = node as Record<string, Json>;
      if (!last && !(segment in record)) throw new Error(`JSON Pointer ${pointer}: no key "${segment}" at depth ${depth}`);
      return { ...record, [segment]: last ? value : walk(record[segment], depth + 1) };
    }
    throw new Error(`JSON Pointer ${pointer}: cannot descend into a ${node === null ? 'null' : typeof node} at depth ${depth}`);
  };
  return walk(document, 0) as T;
}

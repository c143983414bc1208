import { describe, expect, it } from 'vitest';
import { formatPointer, getByPointer, parsePointer, setByPointer } from '../src/spec/pointer.js';

const spec = { steps: [{ id: 'impute', params: { method: 'mean' } }, { id: 'normalise', params: { method: 'min-max', range: [0, 100] } }], 'a/b': { '~x': 1 } };

describe('JSON Pointer with id addressing', () => {
  it('getByPointer addresses array elements by index or by id', () => {
    expect(getByPointer(spec, '/steps/1/params/method')).toBe('min-max');
    expect(getByPointer(spec, '/steps/normalise/params/method')).toBe('min-max');
    expect(getByPointer(spec, '/steps/normalise/params/range/1')).toBe(100);
    expect(getByPointer(spec, '/steps/missing/params')).toBeUndefined();
    expect(getByPointer(spec, '')).toBe(spec);
  });

  it('escapes ~ and / as RFC 6901 says', () => {
    expect(parsePointer('/a~1b/~0x')).toEqual(['a/b', '~x']);
    expect(formatPointer(['a/b', '~x'])).toBe('/a~1b/~0x');
    expect(getByPointer(spec, '/a~1b/~0x')).toBe(1);
  });

  it('setByPointer returns a copy with one value changed and leaves the original intact', () => {
    const changed = setByPointer(spec, '/steps/normalise/params/method', 'z-score');
    expect(getByPointer(changed, '/steps/normalise/params/method')).toBe('z-score');
    expect(getByPointer(spec, '/steps/normalise/params/method')).toBe('min-max');
    expect(changed.steps[0]).toBe(spec.steps[0]);
    expect(() => setByPointer(spec, '/steps/nothing/params/method', 1)).toThrow(/no element "nothing"/);
  });
});

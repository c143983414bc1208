import { useEffect, useState } from 'react';

export type Async<T> = { status: 'loading' } | { status: 'error'; error: Error } | { status: 'ready'; value: T };

/** The state of a promise made from `deps`; a stale answer never overwrites a newer one. */
export function useAsync<T>(make: () => Promise<T> | null, deps: readonly unknown[]): Async<T> {
  const [state, setState] = useState<Async<T>>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    const promise = make();
    if (!promise) return;
    setState({ status: 'loading' });
    promise.then(
      (value) => live && setState({ status: 'ready', value }),
      (error: unknown) => live && setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      live = false;
    };
  }, deps);
  return state;
}

// A value loaded asynchronously, for a view: loading, loaded or failed, and a way to load again.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export type Async<T> =
  | { readonly state: 'loading'; readonly data?: T | undefined }
  | { readonly state: 'done'; readonly data: T }
  | { readonly state: 'failed'; readonly error: unknown; readonly data?: T | undefined };

export function useAsync<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
): Async<T> & { reload: () => void } {
  const [value, setValue] = useState<Async<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const id = ++latest.current;
    setValue((old) => ({ state: 'loading', data: old.data }));
    load().then(
      (data) => {
        if (id === latest.current) setValue({ state: 'done', data });
      },
      (error: unknown) => {
        if (id === latest.current) setValue((old) => ({ state: 'failed', error, data: old.data }));
      },
    );
  }, [...deps, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...value, reload };
}

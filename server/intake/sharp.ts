// sharp is a native module whose binary may not load in a cloud function's runtime. It is loaded on
// first use, so that what never re-encodes (the records and deliver functions, an upright JPEG that
// already fits) keeps working without it.
import type SharpModule from 'sharp';

export type Sharp = typeof SharpModule;

let loading: Promise<Sharp> | undefined;

/** sharp, loaded once; rejects when its binary cannot load here (and tries again next time). */
export function loadSharp(): Promise<Sharp> {
  loading ??= import('sharp').then(
    (m) => ((m as { default?: Sharp }).default ?? (m as unknown as Sharp)),
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

/** sharp when it loads here, otherwise null: for a check that has a cheaper fallback. */
export async function optionalSharp(): Promise<Sharp | null> {
  try {
    return await loadSharp();
  } catch {
    return null;
  }
}

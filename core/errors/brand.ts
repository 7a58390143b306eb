// Recognising our own error types across module copies: a bundled cloud function, a second copy of a
// module in a test's graph or a package's dist makes `instanceof` answer false for an error of the very
// same type. Each type carries a `Symbol.for('licenselens.error.<Name>')` marker instead (the symbol
// registry is global to the process) and a static `isInstance` that looks for it, as the Vercel AI
// SDK's errors do. The marker is declared beside each class (a `unique symbol` must be).

/** True when `e` is an object carrying `marker` (an error of that type, from any copy of its module). */
export function hasMarker(e: unknown, marker: symbol): boolean {
  return typeof e === 'object' && e !== null && marker in e && (e as Record<symbol, unknown>)[marker] === true;
}

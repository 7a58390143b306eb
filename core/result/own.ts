// Own-property helpers for objects built from untrusted keys. Object.hasOwn is ES2022 and missing
// from older mini program runtimes, hence the prototype call.

export function hasOwn(o: object, key: PropertyKey): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** The key a provider key is stored under: "__proto__" is renamed, because every consumer that
 *  copies objects by assignment (zod included) would drop it or, worse, change a prototype. */
export function safeKey(key: string): string {
  return key === '__proto__' ? '$__proto__' : key;
}

/** Sets an own property (never a prototype) under the safe form of the key. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, safeKey(key), { value, enumerable: true, writable: true, configurable: true });
}

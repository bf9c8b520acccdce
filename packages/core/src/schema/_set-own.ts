/** Sets an own enumerable property, safe for keys such as `__proto__` that plain assignment mishandles. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

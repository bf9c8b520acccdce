/** A Map of at most `limit` entries: setting a new key when it is full drops the oldest one. */
export class BoundedMap<V> extends Map<string, V> {
  constructor(private readonly limit: number) {
    super();
  }

  override set(key: string, value: V): this {
    if (this.size >= this.limit && !this.has(key)) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }

  /** Sets `key` and returns `value`. */
  remember<T extends V>(key: string, value: T): T {
    this.set(key, value);
    return value;
  }
}

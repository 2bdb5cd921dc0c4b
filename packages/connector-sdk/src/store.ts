/**
 * A small key-value store kept per trigger instance (or per client): webhook ids and signing
 * secrets saved by `onEnable`, polling cursors. Values must be JSON-serializable.
 */
export interface Store {
  get<T = unknown>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface MemoryStore extends Store {
  /** A copy of everything stored, for tests and for runtimes that persist the whole state. */
  snapshot(): Record<string, unknown>;
}

/** A store in memory; values are copied in and out as a persisted store would. */
export function createMemoryStore(initial: Record<string, unknown> = {}): MemoryStore {
  const entries = new Map<string, unknown>(Object.entries(structuredClone(initial)));
  return {
    async get<T>(key: string) {
      const value = entries.get(key);
      return value === undefined ? undefined : (structuredClone(value) as T);
    },
    async put(key, value) {
      if (value === undefined) entries.delete(key);
      else entries.set(key, structuredClone(value));
    },
    async delete(key) {
      entries.delete(key);
    },
    snapshot() {
      return structuredClone(Object.fromEntries(entries));
    },
  };
}

/**
 * Memos of pure functions of immutable values (never a place for state: the answer is the same
 * with or without them, only faster). The store's slices are replaced, not mutated, so identity
 * says whether an argument changed.
 */

/** Remembers the last call: the same arguments (by identity) give the last answer without computing it again. */
export function memoLast<A extends readonly unknown[], V>(compute: (...args: A) => V): (...args: A) => V {
  let last: { args: A; value: V } | undefined;
  return (...args: A): V => {
    if (last && last.args.length === args.length && last.args.every((a, i) => a === args[i])) return last.value;
    const value = compute(...args);
    last = { args, value };
    return value;
  };
}

/** Computes a value once, on first use (a table some calls need and others never do). */
export function once<V>(compute: () => V): () => V {
  let value: { v: V } | undefined;
  return () => (value ??= { v: compute() }).v;
}

/** One answer per key of a small, fixed set (a lookup table per colour map, say). */
export function memoByKey<K, V>(compute: (key: K) => V): (key: K) => V {
  const values = new Map<K, V>();
  return (key: K): V => {
    if (!values.has(key)) values.set(key, compute(key));
    return values.get(key)!;
  };
}

/**
 * Batches work that arrives together: items queued while a batch is under way are handled
 * together when it ends, by one call of `run` (one statement, one transaction) instead of one
 * each. A batch starts after one turn of the event loop, so that the requests already received
 * get this far and join it (PGlite answers without yielding to I/O, so without that turn every
 * batch would hold one item); alone, an item waits for nothing more. A batch that fails is run
 * again one item at a time, so that one bad item fails alone.
 */
export function createBatchQueue<Item, Result>(
  run: (items: readonly Item[]) => Promise<readonly Result[]>,
  maxBatch: number,
): (item: Item) => Promise<Result> {
  const queue: {
    item: Item;
    resolve: (result: Result) => void;
    reject: (error: unknown) => void;
  }[] = [];
  let draining = false;

  const drain = async () => {
    draining = true;
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      try {
        const results = await run(batch.map((entry) => entry.item));
        for (const [index, entry] of batch.entries()) entry.resolve(results[index]!);
      } catch (batchError) {
        if (batch.length === 1) {
          batch[0]!.reject(batchError);
          continue;
        }
        for (const entry of batch) {
          try {
            entry.resolve((await run([entry.item]))[0]!);
          } catch (error) {
            entry.reject(error);
          }
        }
      }
    }
    draining = false;
  };

  return (item) =>
    new Promise<Result>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!draining) void drain();
    });
}

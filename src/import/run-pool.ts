/**
 * Runs `work` on the items of an async source with at most `concurrency` at a time. Workers
 * pull the next item only when they are free, so a slow server slows the reading of the file
 * instead of filling an unbounded queue.
 */
export async function runPool<T>(
  source: AsyncIterable<T>,
  concurrency: number,
  work: (item: T) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  const iterator = source[Symbol.asyncIterator]();

  const worker = async (): Promise<void> => {
    while (!shouldStop()) {
      const next = await iterator.next();
      if (next.done === true) return;
      await work(next.value);
    }
  };

  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}

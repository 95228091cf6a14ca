import type PQueue from "p-queue";

/**
 * Runs `work` on the items of an async source through a p-queue, whose concurrency may change
 * while it runs. The next item is read only when it can start at once, so a slow server slows
 * the reading of the file instead of filling an unbounded queue, and no item ever waits in the
 * queue. Once `shouldStop` says so, no new item is read or started; work already started
 * finishes, and every item not read is left in the source for the caller.
 */
export async function runPool<T>(
  source: AsyncIterator<T>,
  queue: PQueue,
  work: (item: T) => Promise<void>,
  shouldStop: () => boolean,
): Promise<void> {
  let failure: unknown;

  while (!shouldStop() && failure === undefined) {
    while (queue.pending >= queue.concurrency) {
      await new Promise((resolve) => queue.once("next", resolve));
    }
    if (shouldStop()) break;

    const next = await source.next();
    if (next.done === true) break;

    queue
      .add(() => work(next.value))
      .catch((error: unknown) => {
        failure ??= error;
      });
  }

  await queue.onIdle();
  if (failure !== undefined) throw failure;
}

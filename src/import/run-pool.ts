import type PQueue from "p-queue";

/**
 * Runs `work` on the items of an async source through a p-queue, whose concurrency may change
 * while it runs. The next item is read only when nothing is waiting in the queue, so a slow
 * server slows the reading of the file instead of filling an unbounded queue. Once
 * `shouldStop` says so, no new item is read; work already started finishes.
 */
export async function runPool<T>(
  source: AsyncIterator<T>,
  queue: PQueue,
  work: (item: T) => Promise<void>,
  shouldStop: () => boolean,
): Promise<void> {
  let failure: unknown;

  while (!shouldStop() && failure === undefined) {
    await queue.onSizeLessThan(1);
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

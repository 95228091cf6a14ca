import { setImmediate } from "node:timers/promises";

export interface PoolOptions<T> {
  /** How many items may be worked on at once; read before each start, so it may change. */
  limit: () => number;
  work: (item: T) => Promise<void>;
  /** Once true, no item is started or read any more. */
  shouldStop: () => boolean;
}

/**
 * Runs `work` on the items of an async source, at most `limit()` at a time. While every slot
 * is busy, up to `limit()` more items are read ahead, so that reading (and checking) the next
 * row happens while requests are in flight, not after an answer: a freed slot starts its next
 * item at once. At most twice the limit is ever read and not finished, so a slow server slows
 * the reading of the file instead of filling an unbounded queue.
 *
 * Once `shouldStop` says so, nothing more is read or started; work already started finishes.
 * The items read but never started are returned, and every item not read is left in the
 * source, both for the caller.
 */
export async function runPool<T>(source: AsyncIterator<T>, options: PoolOptions<T>): Promise<T[]> {
  const { limit, work, shouldStop } = options;
  const ready: T[] = [];
  let running = 0;
  let failure: unknown;
  let wake: (() => void) | undefined;

  const halted = () => failure !== undefined || shouldStop();

  const finish = () => {
    running--;
    startReady();
    wake?.();
  };

  const fail = (error: unknown) => {
    failure ??= error;
    finish();
  };

  function startReady(): void {
    while (ready.length > 0 && running < limit() && !halted()) {
      const item = ready.shift() as T;
      running++;
      work(item).then(finish, fail);
    }
  }

  const slotFreed = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
    });

  while (!halted()) {
    if (ready.length >= limit()) {
      await slotFreed();
      continue;
    }

    // Reading ahead can wait: answers that have already arrived are handled first, so that
    // their slots start the rows already read instead of waiting for the next row's checks.
    if (running >= limit()) await setImmediate();

    const next = await source.next();
    if (next.done === true) break;
    ready.push(next.value);
    startReady();
  }

  while (running > 0) await slotFreed();

  if (failure !== undefined) throw failure;
  return ready;
}

/** Exit codes a shell gives a process stopped by these signals: 128 + the signal number. */
const signalExitCodes = { SIGINT: 130, SIGTERM: 143 } as const;

type StopSignal = keyof typeof signalExitCodes;

export interface StopSignals {
  /** The exit code owed to the first signal received, if any. */
  received(): number | undefined;
  dispose(): void;
}

/**
 * The first Ctrl-C (or SIGTERM, as a CI job's cancel sends) asks the run to stop gently; the
 * second ends the process at once. Report lines already written stay on disk either way.
 */
export function onStopSignal(handlers: { first: (exitCode: number) => void }): StopSignals {
  let received: StopSignal | undefined;

  const listener = (signal: StopSignal) => {
    if (received !== undefined) process.exit(signalExitCodes[signal]);
    received = signal;
    handlers.first(signalExitCodes[signal]);
  };

  for (const signal of Object.keys(signalExitCodes) as StopSignal[]) process.on(signal, listener);

  return {
    received: () => (received === undefined ? undefined : signalExitCodes[received]),
    dispose: () => {
      for (const signal of Object.keys(signalExitCodes) as StopSignal[]) {
        process.off(signal, listener);
      }
    },
  };
}

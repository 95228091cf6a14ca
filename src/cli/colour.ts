import { Chalk, type ChalkInstance } from "chalk";

/**
 * Colour only for a person at a terminal: never when the stream is not a TTY, when
 * `NO_COLOR` is set (chalk does not read it), or with `--no-color`. `FORCE_COLOR` wins over
 * the TTY test, as chalk's own convention has it.
 */
export function chooseColour(
  stream: NodeJS.WriteStream,
  wanted: boolean,
  env: NodeJS.ProcessEnv = process.env,
): ChalkInstance {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0";
  const on = wanted && !noColor && (forced || stream.isTTY === true);
  return new Chalk({ level: on ? 1 : 0 });
}

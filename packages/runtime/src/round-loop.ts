import type { Logger } from "@triggo/shared";

/** What a background worker's round reports: how many rows it claimed. */
export interface ClaimedRound {
  claimed: number;
}

export interface RoundLoop {
  /** Runs rounds until `stop`: at once again after a full batch, else after `intervalMs`. */
  start(): void;
  /** Stops scheduling and waits for the round under way. */
  stop(): Promise<void>;
}

/**
 * The schedule the poller and the delivery worker share: one round at a time; a round that
 * claimed a full batch is followed at once by the next (there is more work), any other after
 * `intervalMs`. A failed round is logged and the loop goes on.
 */
export function createRoundLoop(options: {
  round: () => Promise<ClaimedRound>;
  batchSize: number;
  intervalMs: number;
  logger: Logger;
  /** For the log line of a failed round, e.g. "polling". */
  name: string;
}): RoundLoop {
  let running = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<unknown> | undefined;

  const loop = () => {
    timer = undefined;
    if (!running) return;
    const current = options
      .round()
      .then((result) => result.claimed >= options.batchSize)
      .catch((error: unknown) => {
        options.logger.error(`A ${options.name} round failed.`, {
          error: error instanceof Error ? error.message : String(error),
        });
        return false;
      });
    inFlight = current;
    void current.then((more) => {
      inFlight = undefined;
      if (running) timer = setTimeout(loop, more ? 0 : options.intervalMs);
    });
  };

  return {
    start() {
      if (running) return;
      running = true;
      timer = setTimeout(loop, 0);
    },
    async stop() {
      running = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
  };
}

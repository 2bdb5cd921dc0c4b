import { randomBytes } from "node:crypto";

/** Prefixes that tell what an id names: `ti_...` is a trigger instance. */
export const ID_PREFIXES = {
  authConfig: "ac",
  connectedAccount: "ca",
  triggerInstance: "ti",
  event: "ev",
  connectionRequest: "cr",
  lifecycleEvent: "le",
} as const;

let lastTime = 0;
let sequence = 0;

/**
 * A URL-safe id with its kind's prefix that sorts by creation: `ti_` + the time in base 36
 * (9 characters) + a per-millisecond sequence (3) + 48 random bits (12 hex). "The most recently
 * created" is then exact even when two rows share a timestamp.
 */
export function createId(prefix: (typeof ID_PREFIXES)[keyof typeof ID_PREFIXES]): string {
  const now = Date.now();
  if (now <= lastTime) sequence += 1;
  else {
    lastTime = now;
    sequence = 0;
  }
  const time = lastTime.toString(36).padStart(9, "0");
  return `${prefix}_${time}${sequence.toString(36).padStart(3, "0")}${randomBytes(6).toString("hex")}`;
}

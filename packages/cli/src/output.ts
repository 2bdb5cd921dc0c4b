/** Colour only when writing to a terminal, and never when NO_COLOR is set. */
export function createStyle(stream: { isTTY?: boolean } = process.stdout) {
  const enabled = Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== "dumb";
  const wrap = (open: number, close: number) => (text: string) =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    red: wrap(31, 39),
    cyan: wrap(36, 39),
  };
}

/** The colour functions of `createStyle`. */
export type Style = ReturnType<typeof createStyle>;

/** Reports progress on long work: one line on stderr, rewritten in place, only on a terminal. */
export interface Progress {
  update(text: string): void;
  done(): void;
}

/** A progress line on `stream` when it is a terminal; otherwise a no-op. */
export function createProgress(stream: {
  write(text: string): unknown;
  isTTY?: boolean;
}): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  let shown = false;
  return {
    update(text) {
      stream.write(`\r\u001b[2K${text}`);
      shown = true;
    },
    done() {
      if (shown) stream.write("\r\u001b[2K");
      shown = false;
    },
  };
}

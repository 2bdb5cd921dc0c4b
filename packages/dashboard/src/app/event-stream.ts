// Server-sent events read with fetch (EventSource cannot send an Authorization header).

export interface StreamMessage {
  /** The `event:` field; "message" when none was given. */
  event: string;
  /** The `data:` lines, joined with newlines. */
  data: string;
  id: string | undefined;
}

/**
 * An incremental text/event-stream parser: feed it chunks as they arrive (split anywhere), it
 * calls `onMessage` for each complete message. Comments (`: keep-alive`) are skipped.
 */
export function createEventStreamParser(
  onMessage: (message: StreamMessage) => void,
): (chunk: string) => void {
  let buffer = "";
  let event = "";
  let data: string[] = [];
  let id: string | undefined;
  const line = (text: string) => {
    if (text === "") {
      if (data.length > 0) onMessage({ event: event || "message", data: data.join("\n"), id });
      event = "";
      data = [];
      return;
    }
    if (text.startsWith(":")) return;
    const colon = text.indexOf(":");
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    else if (field === "id") id = value;
  };
  return (chunk) => {
    buffer += chunk;
    // A trailing \r may be the first half of \r\n: keep it until the next chunk.
    const held = buffer.endsWith("\r") ? "\r" : "";
    const lines = (held ? buffer.slice(0, -1) : buffer).split(/\r\n|\r|\n/);
    // The last piece is a line still arriving.
    buffer = (lines.pop() ?? "") + held;
    for (const text of lines) line(text);
  };
}

/** Reads a streaming response to its end (or until aborted), handing over each message. */
export async function readEventStream(
  response: Response,
  onMessage: (message: StreamMessage) => void,
): Promise<void> {
  if (!response.body) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const feed = createEventStreamParser(onMessage);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    feed(decoder.decode(value, { stream: true }));
  }
  feed(decoder.decode());
}

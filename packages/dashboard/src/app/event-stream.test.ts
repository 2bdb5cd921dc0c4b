import { describe, expect, it } from "vitest";
import { createEventStreamParser, readEventStream, type StreamMessage } from "./event-stream";

describe("createEventStreamParser", () => {
  it("parses messages split anywhere, skips comments, joins data lines", () => {
    const messages: StreamMessage[] = [];
    const feed = createEventStreamParser((message) => messages.push(message));
    const text =
      ': keep-alive\n\nevent: event\ndata: {"id":"ev_1"}\n\nevent: event\r\nid: 7\r\ndata: a\r\ndata: b\r\n\r\ndata:plain\n\n: ping\n\n';
    for (const character of text) feed(character);
    expect(messages).toEqual([
      { event: "event", data: '{"id":"ev_1"}', id: undefined },
      { event: "event", data: "a\nb", id: "7" },
      { event: "message", data: "plain", id: "7" },
    ]);
  });

  it("waits for the blank line that ends a message", () => {
    const messages: StreamMessage[] = [];
    const feed = createEventStreamParser((message) => messages.push(message));
    feed("event: event\ndata: x\n");
    expect(messages).toEqual([]);
    feed("\n");
    expect(messages).toHaveLength(1);
  });
});

it("readEventStream reads a streamed response to its end", async () => {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode("event: event\nda"));
      controller.enqueue(encoder.encode('ta: {"n":1}\n\nevent: event\ndata: {"n":2}\n\n'));
      controller.close();
    },
  });
  const messages: StreamMessage[] = [];
  await readEventStream(new Response(body), (message) => messages.push(message));
  expect(messages.map((message) => JSON.parse(message.data))).toEqual([{ n: 1 }, { n: 2 }]);
});

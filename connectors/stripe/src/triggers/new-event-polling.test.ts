import { createTriggerHarness, HttpResponse, http, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import eventFixture from "../__fixtures__/event.json";
import { api, stripeErrorResponse, stripeHandlers, stripeList, TEST_KEY } from "../mocks";
import { stripe } from "../stripe-connector";

const auth = { apiKey: TEST_KEY };
type Event = typeof eventFixture;

function event(id: string, created: number, type = "customer.created"): Event {
  return { ...eventFixture, id, created, type };
}

/** GET /v1/events over `events` (newest first) as Stripe answers: filtered, then paged. */
function eventsHandler(events: Event[]) {
  return http.get(api("/v1/events"), ({ request }) => {
    const query = new URL(request.url).searchParams;
    const types = [...query.entries()]
      .filter(([key]) => key.startsWith("types["))
      .map(([, value]) => value);
    const since = query.get("created[gte]");
    const matching = events.filter(
      (item) =>
        (types.length === 0 || types.includes(item.type)) &&
        (since === null || item.created >= Number(since)),
    );
    const limit = Number(query.get("limit") ?? 10);
    const after = query.get("starting_after");
    const start = after ? matching.findIndex((item) => item.id === after) + 1 : 0;
    return HttpResponse.json(
      stripeList(
        "/v1/events",
        matching.slice(start, start + limit),
        start + limit < matching.length,
      ),
    );
  });
}

describe("new_event_polling", () => {
  const mock = useMockApi(...stripeHandlers);

  it("records the present on enable, then emits each new event once, oldest first, across pages", async () => {
    const events: Event[] = [event("evt_old2", 1_700_000_100), event("evt_old1", 1_700_000_000)];
    mock.use(eventsHandler(events));
    const harness = createTriggerHarness(stripe, "new_event_polling", {
      auth,
      props: { event_types: ["customer.created", "invoice.paid"] },
    });

    await harness.enable();
    expect(mock.lastCall()).toMatchObject({
      method: "GET",
      endpoint: "https://api.stripe.com/v1/events",
    });
    expect(mock.lastCall().query).toEqual({
      "types[0]": "customer.created",
      "types[1]": "invoice.paid",
      limit: "100",
    });
    await expect(harness.poll()).resolves.toEqual([]);
    expect(mock.lastCall().query).toMatchObject({ "created[gte]": "1700000100", limit: "100" });

    // 150 new events in one interval (two pages), one of them in the same second as the last seen.
    const fresh = Array.from({ length: 150 }, (_, index) =>
      event(`evt_new${index}`, 1_700_000_100 + 150 - index),
    );
    const sameSecond = event("evt_same_second", 1_700_000_100);
    events.unshift(...fresh, sameSecond);
    mock.reset();
    mock.use(eventsHandler(events));
    const emitted = await harness.poll();
    expect(emitted.map((item) => item.id)).toEqual([
      "evt_same_second",
      ...fresh.map((item) => item.id).reverse(),
    ]);
    expect(emitted[0]).toEqual({
      id: "evt_same_second",
      payload: sameSecond,
      occurredAt: new Date(1_700_000_100_000).toISOString(),
    });
    expect(mock.calls.map((call) => call.query.starting_after)).toEqual([undefined, "evt_new99"]);

    await expect(harness.poll()).resolves.toEqual([]);
  });

  it("asks for every event type when none is chosen, and filters out other types when some are", async () => {
    const events = [
      event("evt_b", 1_700_000_200, "charge.refunded"),
      event("evt_a", 1_700_000_100),
    ];
    mock.use(eventsHandler(events));
    const harness = createTriggerHarness(stripe, "new_event_polling", { auth });
    await harness.enable();
    expect(mock.lastCall().query).toEqual({ limit: "100" });
    events.unshift(event("evt_c", 1_700_000_300, "invoice.paid"));
    await expect(harness.poll()).resolves.toMatchObject([{ id: "evt_c" }]);
  });

  it("picks up from the time of the last poll when the account had no events yet", async () => {
    const events: Event[] = [];
    mock.use(eventsHandler(events));
    const harness = createTriggerHarness(stripe, "new_event_polling", { auth });
    await harness.enable();
    const now = Math.floor(Date.now() / 1000);
    events.unshift(event("evt_first", now + 5));
    await expect(harness.poll()).resolves.toMatchObject([{ id: "evt_first" }]);
    const since = Number(mock.lastCall().query["created[gte]"]);
    expect(since).toBeGreaterThan(now - 60);
    expect(since).toBeLessThanOrEqual(now + 1);
  });

  it("refuses more than 20 event types", async () => {
    const harness = createTriggerHarness(stripe, "new_event_polling", {
      auth,
      props: { event_types: Array(21).fill("customer.created") },
    });
    await expect(harness.enable()).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("reports Stripe's failure", async () => {
    mock.use(http.get(api("/v1/events"), () => stripeErrorResponse("missingPermission", 403)));
    const harness = createTriggerHarness(stripe, "new_event_polling", { auth });
    await expect(harness.enable()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

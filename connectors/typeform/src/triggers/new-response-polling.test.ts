import { createTriggerHarness, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import { responsesHandler, typeformHandlers, typeformResponse } from "../mocks";
import { typeform } from "../typeform-connector";
import type { TypeformResponse } from "../typeform-http";

const auth = "tfp_test-token-123456";

describe("new_response_polling", () => {
  const api = useMockApi(...typeformHandlers);

  it("emits each new response once, oldest first, with no backlog on enable", async () => {
    const first = typeformResponse("r1", "2024-05-01T10:00:00Z");
    const second = typeformResponse("r2", "2024-05-01T10:05:00Z");
    const responses: TypeformResponse[] = [second, first];
    api.use(responsesHandler(responses));
    const harness = createTriggerHarness(typeform, "new_response_polling", {
      auth,
      props: { form_id: "lT4Z3j" },
    });

    await harness.enable();
    const call = api.lastCall();
    expect(call).toMatchObject({
      method: "GET",
      endpoint: "https://api.typeform.com/forms/lT4Z3j/responses",
      query: { page_size: "100", sort: "submitted_at,desc" },
    });
    expect(call.headers.authorization).toBe(`Bearer ${auth}`);
    await expect(harness.poll()).resolves.toEqual([]);

    const third = typeformResponse("r3", "2024-05-01T11:00:00Z");
    const fourth = typeformResponse("r4", "2024-05-01T11:30:00Z");
    responses.unshift(fourth, third);
    await expect(harness.poll()).resolves.toEqual([
      { id: "r3", payload: third, occurredAt: "2024-05-01T11:00:00.000Z" },
      { id: "r4", payload: fourth, occurredAt: "2024-05-01T11:30:00.000Z" },
    ]);
    await expect(harness.poll()).resolves.toEqual([]);
    expect(api.calls.map((each) => each.query)).toEqual(
      Array(4).fill({ page_size: "100", sort: "submitted_at,desc" }),
    );
  });

  it("still emits a response Typeform lists late, behind a newer one already seen", async () => {
    const responses = [typeformResponse("r2", "2024-05-01T10:05:00Z")];
    api.use(responsesHandler(responses));
    const harness = createTriggerHarness(typeform, "new_response_polling", {
      auth,
      props: { form_id: "lT4Z3j" },
    });
    await harness.enable();

    const late = typeformResponse("r1", "2024-05-01T10:00:00Z");
    responses.push(late);
    await expect(harness.poll()).resolves.toEqual([
      { id: "r1", payload: late, occurredAt: "2024-05-01T10:00:00.000Z" },
    ]);
  });

  it("forgets what it has seen when disabled", async () => {
    const harness = createTriggerHarness(typeform, "new_response_polling", {
      auth,
      props: { form_id: "lT4Z3j" },
    });
    await harness.enable();
    expect(Object.keys(harness.store.snapshot())).not.toEqual([]);
    await harness.disable();
    expect(harness.store.snapshot()).toEqual({});
  });
});

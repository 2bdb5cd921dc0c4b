import { runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import responsesFixture from "../__fixtures__/responses.json";
import { responsesHandler, typeformHandlers, typeformResponse } from "../mocks";
import { typeform } from "../typeform-connector";

const auth = "tfp_test-token-123456";
const responsesUrl = "https://api.typeform.com/forms/lT4Z3j/responses";

/** `count` responses, newest first: r0001 is the newest. */
function manyResponses(count: number) {
  return Array.from({ length: count }, (_, index) => {
    const number = String(index + 1).padStart(4, "0");
    return typeformResponse(
      `r${number}`,
      new Date(Date.UTC(2024, 0, 1) - index * 1000).toISOString(),
    );
  });
}

describe("list_responses", () => {
  const api = useMockApi(...typeformHandlers);

  it("sends the filters in Typeform's formats and returns the responses", async () => {
    await expect(
      runAction(typeform, "list_responses", {
        auth,
        props: {
          form_id: "lT4Z3j",
          since: "2020-03-20T14:00:59Z",
          until: "2020-03-21T00:00:00.500Z",
          query: "Lian",
          response_type: ["completed", "partial"],
          limit: 10,
        },
      }),
    ).resolves.toEqual({ items: responsesFixture.items });
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "GET", endpoint: responsesUrl });
    expect(call.query).toEqual({
      page_size: "10",
      since: "2020-03-20T14:00:59",
      until: "2020-03-21T00:00:00",
      query: "Lian",
      response_type: "completed,partial",
    });
    expect(call.headers.authorization).toBe(`Bearer ${auth}`);
  });

  it("asks for 100 responses when no limit is given, and sends no empty filters", async () => {
    await runAction(typeform, "list_responses", {
      auth,
      props: { form_id: "lT4Z3j", response_type: [] },
    });
    expect(api.lastCall().query).toEqual({ page_size: "100" });
  });

  it("pages with `before` the last token until a short page", async () => {
    const responses = manyResponses(1200);
    api.use(responsesHandler(responses));
    const result = (await runAction(typeform, "list_responses", {
      auth,
      props: { form_id: "lT4Z3j", limit: 5000 },
    })) as { items: { token: string }[] };
    expect(result.items.map((item) => item.token)).toEqual(responses.map((item) => item.token));
    expect(api.calls.map((call) => call.query)).toEqual([
      { page_size: "1000" },
      { page_size: "1000", before: "r1000" },
    ]);
  });

  it("stops at the limit without asking for another page", async () => {
    api.use(responsesHandler(manyResponses(3000)));
    const result = (await runAction(typeform, "list_responses", {
      auth,
      props: { form_id: "lT4Z3j", limit: 1500 },
    })) as { items: { token: string }[] };
    expect(result.items).toHaveLength(1500);
    expect(result.items.at(-1)?.token).toBe("r1500");
    expect(api.calls).toHaveLength(2);
  });
});

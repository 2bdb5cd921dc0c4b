import { createTrigger, TRIGGER_TYPES } from "@triggo/connector-sdk";
import responsesFixture from "../__fixtures__/responses.json";
import { typeformAuth } from "../typeform-auth";
import { type TypeformResponsePage, typeformResponseSchema } from "../typeform-http";
import { formIdProp } from "../typeform-props";

/** How many of the newest responses each poll reads; fewer than the 1000 ids dedupe keeps. */
const POLL_PAGE_SIZE = 100;

/**
 * Polls GET /forms/{form_id}/responses for the newest responses. Dedupe is by response token, not
 * by a `since` high-water mark: Typeform documents that a response can take up to 30 minutes to
 * be listed, so one may appear after a newer one was already seen, and a high-water mark would
 * skip it for good. Re-reading the newest page and remembering tokens catches it. A form that
 * gets more than a page of responses between two polls needs the webhook trigger instead.
 */
export const newResponsePolling = createTrigger({
  name: "new_response_polling",
  displayName: "New response (polling)",
  description:
    "Checks the form for new responses every few minutes, for setups where Typeform cannot call a webhook. Typeform may take up to 30 minutes to list a new response.",
  type: TRIGGER_TYPES.POLLING,
  auth: typeformAuth,
  props: { form_id: formIdProp },
  payload: typeformResponseSchema,
  sampleData: responsesFixture.items[0]!,
  poll: {
    dedupe: "id",
    async items(context) {
      const formId = encodeURIComponent(context.propsValue.form_id);
      const response = await context.http.get<TypeformResponsePage>(`/forms/${formId}/responses`, {
        query: { page_size: POLL_PAGE_SIZE, sort: "submitted_at,desc" },
        signal: context.signal,
      });
      return response.body.items.map((item) => ({
        id: item.token,
        ...(item.submitted_at ? { timestamp: item.submitted_at } : {}),
        payload: item,
      }));
    },
  },
});

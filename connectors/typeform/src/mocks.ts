import { HttpResponse, http } from "@triggo/testing";
import formFixture from "./__fixtures__/form.json";
import formsFixture from "./__fixtures__/forms.json";
import responsesFixture from "./__fixtures__/responses.json";
import webhooksFixture from "./__fixtures__/webhooks.json";
import { TYPEFORM_API_URL, type TypeformResponse } from "./typeform-http";

/** Typeform's error body (Troubleshooting): a readable `code` and a `description`. */
export function typeformError(status: number, code: string, description: string) {
  return HttpResponse.json({ code, description }, { status });
}

/** A response like the documentation's example, with its own token and submission time. */
export function typeformResponse(token: string, submittedAt: string): TypeformResponse {
  return { ...responsesFixture.items[0]!, landing_id: token, token, submitted_at: submittedAt };
}

/**
 * GET /forms/{form_id}/responses over the given responses (newest first), as Typeform pages
 * them: `page_size` of them (25 by default), after the one whose token is `before`.
 */
export function responsesHandler(responses: readonly TypeformResponse[]) {
  return http.get(`${TYPEFORM_API_URL}/forms/:formId/responses`, ({ request }) => {
    const query = new URL(request.url).searchParams;
    const pageSize = Number(query.get("page_size") ?? 25);
    const before = query.get("before");
    const start = before ? responses.findIndex((response) => response.token === before) + 1 : 0;
    return HttpResponse.json({
      total_items: responses.length,
      page_count: Math.ceil(responses.length / pageSize),
      items: responses.slice(start, start + pageSize),
    });
  });
}

/** The Typeform API as its documentation's examples answer it. */
export const typeformHandlers = [
  http.get(`${TYPEFORM_API_URL}/forms`, () => HttpResponse.json(formsFixture)),
  http.get(`${TYPEFORM_API_URL}/forms/:formId`, () => HttpResponse.json(formFixture)),
  http.get(`${TYPEFORM_API_URL}/forms/:formId/responses`, () =>
    HttpResponse.json(responsesFixture),
  ),
  http.put(`${TYPEFORM_API_URL}/forms/:formId/webhooks/:tag`, async ({ params, request }) =>
    HttpResponse.json({
      ...webhooksFixture.items[0],
      ...((await request.json()) as object),
      form_id: params.formId,
      tag: params.tag,
    }),
  ),
  http.delete(
    `${TYPEFORM_API_URL}/forms/:formId/webhooks/:tag`,
    () => new HttpResponse(null, { status: 204 }),
  ),
];

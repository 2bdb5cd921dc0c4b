import { createAction, Property } from "@triggo/connector-sdk";
import { collect, paginateBodyCursor } from "@triggo/shared";
import { z } from "zod";
import responsesFixture from "../__fixtures__/responses.json";
import { typeformAuth } from "../typeform-auth";
import {
  type TypeformResponse,
  type TypeformResponsePage,
  toTypeformTime,
  typeformResponseSchema,
} from "../typeform-http";
import { formIdProp } from "../typeform-props";

/** Typeform's largest page of responses (Retrieve responses: `page_size`, at most 1000). */
const MAX_PAGE_SIZE = 1000;
const DEFAULT_LIMIT = 100;

const responseListSchema = z.object({ items: z.array(typeformResponseSchema) });

/** What `list_responses` returns: the responses, newest first. */
export type TypeformResponseList = z.infer<typeof responseListSchema>;

/**
 * Lists a form's responses: GET /forms/{form_id}/responses, page after page. Each next page is
 * the one `before` the last response's token, as Typeform documents for going through every
 * response; `sort` is left out because Typeform does not take it together with `before`.
 */
export const listResponses = createAction({
  name: "list_responses",
  displayName: "List responses",
  description:
    "Lists a form's responses with their answers, newest first, up to a limit. Typeform may take up to 30 minutes to list a new response.",
  auth: typeformAuth,
  props: {
    form_id: formIdProp,
    since: Property.DateTime({
      displayName: "Submitted since",
      description: "Only responses submitted at or after this time (compared to the second).",
    }),
    until: Property.DateTime({
      displayName: "Submitted until",
      description: "Only responses submitted at or before this time (compared to the second).",
    }),
    query: Property.ShortText({
      displayName: "Search",
      description: "Only responses with this text in an answer, a hidden field or a variable.",
    }),
    response_type: Property.MultiSelectDropdown({
      displayName: "Response types",
      description: "Only responses of these kinds: completed, partial (some answers) or started.",
      options: [
        { label: "Completed", value: "completed" },
        { label: "Partial", value: "partial" },
        { label: "Started", value: "started" },
      ],
    }),
    limit: Property.Number({
      displayName: "Limit",
      description: `The most responses to return (default ${DEFAULT_LIMIT}).`,
      integer: true,
      min: 1,
      defaultValue: DEFAULT_LIMIT,
    }),
  },
  output: responseListSchema,
  sampleData: { items: responsesFixture.items },
  async run(context) {
    const { form_id, since, until, query, response_type } = context.propsValue;
    const limit = context.propsValue.limit;
    const pageSize = Math.min(limit, MAX_PAGE_SIZE);
    const pages = paginateBodyCursor<TypeformResponse>(
      context.http,
      {
        path: `/forms/${encodeURIComponent(form_id)}/responses`,
        query: {
          page_size: pageSize,
          since: since === undefined ? undefined : toTypeformTime(since),
          until: until === undefined ? undefined : toTypeformTime(until),
          query,
          response_type: response_type?.length ? response_type.join(",") : undefined,
        },
        signal: context.signal,
      },
      {
        items: "items",
        cursorParam: "before",
        // A short page is the last one.
        nextCursor: (body) => {
          const { items } = body as TypeformResponsePage;
          return items.length === pageSize ? items.at(-1)?.token : undefined;
        },
        maxItems: limit,
      },
    );
    return { items: await collect(pages) };
  },
});

import { HttpResponse, http } from "@triggo/testing";
import authTestFixture from "./__fixtures__/auth-test.json";
import chatDeleteFixture from "./__fixtures__/chat-delete.json";
import postMessageFixture from "./__fixtures__/chat-post-message.json";
import scheduleFixture from "./__fixtures__/chat-schedule-message.json";
import chatUpdateFixture from "./__fixtures__/chat-update.json";
import createFixture from "./__fixtures__/conversations-create.json";
import historyFixture from "./__fixtures__/conversations-history.json";
import infoFixture from "./__fixtures__/conversations-info.json";
import inviteFixture from "./__fixtures__/conversations-invite.json";
import listFixture from "./__fixtures__/conversations-list.json";
import openFixture from "./__fixtures__/conversations-open.json";
import setTopicFixture from "./__fixtures__/conversations-set-topic.json";
import completeUploadFixture from "./__fixtures__/files-complete-upload-external.json";
import uploadUrlFixture from "./__fixtures__/files-get-upload-url-external.json";
import reactionsAddFixture from "./__fixtures__/reactions-add.json";
import usersListFixture from "./__fixtures__/users-list.json";
import lookupFixture from "./__fixtures__/users-lookup-by-email.json";
import { SLACK_API_URL } from "./slack-http";

/** A bot token as tests use it. */
export const TEST_TOKEN = "xoxb-test-1234-abcdefghijkl";

/** The URL of a Web API method. */
export function methodUrl(method: string): string {
  return `${SLACK_API_URL}/${method}`;
}

/** Slack's failure: HTTP 200 (unless told) with `{ ok: false, error }` and any details. */
export function slackError(error: string, extra: Record<string, unknown> = {}, status = 200) {
  return HttpResponse.json({ ok: false, error, ...extra }, { status });
}

/** Slack's rate limit: HTTP 429, `Retry-After` seconds and `{ ok: false, error: "ratelimited" }`. */
export function rateLimited(retryAfterSeconds: number) {
  return HttpResponse.json(
    { ok: false, error: "ratelimited" },
    { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } },
  );
}

/**
 * A read method over `items`, paged as Slack pages: `limit` per page (default 100) and
 * `response_metadata.next_cursor` (an empty string on the last page). With `oldest`, only items
 * whose `ts` is after it, as conversations.history does; items are given newest first.
 */
export function pagedHandler(
  method: string,
  itemsKey: string,
  items: readonly { ts?: string; [field: string]: unknown }[],
) {
  return http.get(methodUrl(method), ({ request }) => {
    const query = new URL(request.url).searchParams;
    const limit = Number(query.get("limit") ?? 100);
    const start = Number(query.get("cursor")?.replace("page:", "") ?? 0);
    const oldest = query.get("oldest");
    const visible = oldest
      ? items.filter((item) => item.ts !== undefined && Number(item.ts) > Number(oldest))
      : items;
    const page = visible.slice(start, start + limit);
    const next = start + limit < visible.length ? `page:${start + limit}` : "";
    return HttpResponse.json({
      ok: true,
      [itemsKey]: page,
      has_more: next !== "",
      response_metadata: { next_cursor: next },
    });
  });
}

/** The bytes sent to Slack's upload URL answer with Slack's plain-text acknowledgement. */
export const uploadUrlHandler = http.post(uploadUrlFixture.upload_url, async ({ request }) => {
  const bytes = await request.arrayBuffer();
  return HttpResponse.text(`OK - ${bytes.byteLength}`);
});

/** The Slack Web API as the method reference pages' examples answer it. */
export const slackHandlers = [
  http.post(methodUrl("auth.test"), () => HttpResponse.json(authTestFixture)),
  http.post(methodUrl("chat.postMessage"), () => HttpResponse.json(postMessageFixture)),
  http.post(methodUrl("chat.update"), () => HttpResponse.json(chatUpdateFixture)),
  http.post(methodUrl("chat.delete"), () => HttpResponse.json(chatDeleteFixture)),
  http.post(methodUrl("chat.scheduleMessage"), () => HttpResponse.json(scheduleFixture)),
  http.post(methodUrl("conversations.open"), () => HttpResponse.json(openFixture)),
  http.post(methodUrl("conversations.create"), () => HttpResponse.json(createFixture)),
  http.post(methodUrl("conversations.invite"), () => HttpResponse.json(inviteFixture)),
  http.post(methodUrl("conversations.setTopic"), () => HttpResponse.json(setTopicFixture)),
  http.post(methodUrl("reactions.add"), () => HttpResponse.json(reactionsAddFixture)),
  http.get(methodUrl("conversations.list"), () =>
    HttpResponse.json({ ...listFixture, response_metadata: { next_cursor: "" } }),
  ),
  http.get(methodUrl("conversations.history"), () =>
    HttpResponse.json({
      ...historyFixture,
      has_more: false,
      response_metadata: { next_cursor: "" },
    }),
  ),
  http.get(methodUrl("conversations.info"), ({ request }) => {
    const channel = new URL(request.url).searchParams.get("channel") ?? "";
    return HttpResponse.json({ ...infoFixture, channel: { ...infoFixture.channel, id: channel } });
  }),
  http.get(methodUrl("users.list"), () =>
    HttpResponse.json({ ...usersListFixture, response_metadata: { next_cursor: "" } }),
  ),
  http.get(methodUrl("users.lookupByEmail"), () => HttpResponse.json(lookupFixture)),
  http.post(methodUrl("files.getUploadURLExternal"), () => HttpResponse.json(uploadUrlFixture)),
  uploadUrlHandler,
  http.post(methodUrl("files.completeUploadExternal"), () =>
    HttpResponse.json(completeUploadFixture),
  ),
];

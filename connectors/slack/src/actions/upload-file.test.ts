import { HttpResponse, http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import completeFixture from "../__fixtures__/files-complete-upload-external.json";
import uploadUrlFixture from "../__fixtures__/files-get-upload-url-external.json";
import { methodUrl, slackError, slackHandlers, TEST_TOKEN } from "../mocks";
import { slack } from "../slack-connector";

const file = {
  name: "report.csv",
  data: new TextEncoder().encode("a,b\n1,2\n"),
  contentType: "text/csv",
};

describe("upload_file", () => {
  const api = useMockApi(...slackHandlers);

  it("gets an upload URL, posts the bytes there without the token, then completes the upload in the channel", async () => {
    await expect(
      runAction(slack, "upload_file", {
        auth: TEST_TOKEN,
        props: {
          file,
          title: "Weekly report",
          channel: "C0NF841BK",
          initial_comment: "Here is this week's report",
          thread_ts: "1524523204.000192",
        },
      }),
    ).resolves.toEqual(completeFixture);
    const [ticket, upload, complete] = api.calls;
    expect(ticket).toMatchObject({
      method: "POST",
      endpoint: methodUrl("files.getUploadURLExternal"),
    });
    expect(ticket?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(ticket?.body).toEqual({ filename: "report.csv", length: "8" });
    expect(ticket?.headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);

    expect(upload).toMatchObject({
      method: "POST",
      url: uploadUrlFixture.upload_url,
      rawBody: "a,b\n1,2\n",
    });
    expect(upload?.headers["content-type"]).toBe("text/csv");
    expect(upload?.headers.authorization).toBeUndefined();

    expect(complete).toMatchObject({
      method: "POST",
      endpoint: methodUrl("files.completeUploadExternal"),
    });
    expect(complete?.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(complete?.body).toEqual({
      files: [{ id: "F123ABC456", title: "Weekly report" }],
      channel_id: "C0NF841BK",
      initial_comment: "Here is this week's report",
      thread_ts: "1524523204.000192",
    });
    expect(api.calls).toHaveLength(3);
  });

  it("keeps the file private without a channel, titled by its name", async () => {
    await runAction(slack, "upload_file", {
      auth: TEST_TOKEN,
      props: { file, filename: "q3.csv" },
    });
    expect(api.calls[0]?.body).toEqual({ filename: "q3.csv", length: "8" });
    expect(api.lastCall().body).toEqual({ files: [{ id: "F123ABC456", title: "q3.csv" }] });
  });

  it("stops when Slack refuses the upload, and never completes it", async () => {
    api.use(
      http.post(methodUrl("files.getUploadURLExternal"), () => slackError("file_uploads_disabled")),
    );
    await expect(
      runAction(slack, "upload_file", { auth: TEST_TOKEN, props: { file, channel: "C1" } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", providerCode: "file_uploads_disabled" });
    expect(api.calls).toHaveLength(1);
  });

  it("reports a failed byte upload and does not complete the file", async () => {
    api.use(
      http.post(
        uploadUrlFixture.upload_url,
        () => new HttpResponse("Bad request", { status: 400 }),
      ),
    );
    await expect(
      runAction(slack, "upload_file", { auth: TEST_TOKEN, props: { file, channel: "C1" } }),
    ).rejects.toMatchObject({ code: "VALIDATION", status: 400 });
    expect(api.callsTo("POST", methodUrl("files.completeUploadExternal"))).toHaveLength(0);
  });

  it("refuses an empty file before sending anything", async () => {
    await expect(
      runAction(slack, "upload_file", {
        auth: TEST_TOKEN,
        props: { file: { name: "empty.txt", data: new Uint8Array() } },
      }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(api.calls).toHaveLength(0);
  });
});

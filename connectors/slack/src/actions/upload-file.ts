import { ConnectorError, createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import completeFixture from "../__fixtures__/files-complete-upload-external.json";
import { slackAuth } from "../slack-auth";
import { postSlackForm, postSlackJson } from "../slack-http";
import { optionalChannelProp, threadTsProp } from "../slack-props";

const uploadedFilesSchema = z.looseObject({
  ok: z.boolean(),
  files: z.array(z.looseObject({ id: z.string(), title: z.string().nullish() })),
});

/** files.completeUploadExternal's answer: the uploaded files. */
export type SlackUploadedFiles = z.infer<typeof uploadedFilesSchema>;

interface UploadTicket {
  ok: true;
  upload_url: string;
  file_id: string;
}

/** Slack's upload URL must be HTTPS; the file goes there without the bot token. */
function checkedUploadUrl(uploadUrl: string): string {
  let url: URL;
  try {
    url = new URL(uploadUrl);
  } catch {
    throw new ConnectorError(
      "UPSTREAM",
      "files.getUploadURLExternal returned no valid upload_url.",
    );
  }
  if (url.protocol !== "https:") {
    throw new ConnectorError(
      "UPSTREAM",
      "files.getUploadURLExternal returned a non-HTTPS upload_url.",
    );
  }
  return url.toString();
}

/**
 * Uploads a file the way Slack now requires ("Uploading files"; files.upload is retired):
 * 1. POST /files.getUploadURLExternal (form: `filename`, `length` in bytes) for an upload URL and
 *    a file ID;
 * 2. POST the bytes to that URL, without the bot token;
 * 3. POST /files.completeUploadExternal (JSON: `files: [{ id, title }]`, and `channel_id`,
 *    `initial_comment`, `thread_ts` to share it), without which the file is never created.
 */
export const uploadFile = createAction({
  name: "upload_file",
  displayName: "Upload file",
  description:
    "Uploads a file and shares it in a channel (or a thread), with an optional comment; without a channel the file stays private to the app.",
  auth: slackAuth,
  props: {
    file: Property.File({
      displayName: "File",
      description: "The file to upload: its bytes (or base64 text) and its name.",
      required: true,
    }),
    filename: Property.ShortText({
      displayName: "File name",
      description: "The name to give it in Slack (default: the file's own name).",
    }),
    title: Property.ShortText({
      displayName: "Title",
      description: "The title shown above the file (default: the file name).",
    }),
    channel: optionalChannelProp(
      "The channel to share the file in; the app's bot must be a member.",
    ),
    initial_comment: Property.LongText({
      displayName: "Comment",
      description: "A message posted with the file.",
    }),
    thread_ts: threadTsProp,
    alt_txt: Property.ShortText({
      displayName: "Alt text",
      description: "A description of an image for screen readers (at most 1000 characters).",
    }),
  },
  output: uploadedFilesSchema,
  sampleData: completeFixture as SlackUploadedFiles,
  async run(context) {
    const { file, channel, initial_comment, thread_ts, alt_txt } = context.propsValue;
    const filename = context.propsValue.filename?.trim() || file.name;
    if (file.data.byteLength === 0) {
      throw new ConnectorError("VALIDATION", "The file is empty: Slack cannot upload 0 bytes.");
    }
    if (thread_ts && !channel) {
      throw new ConnectorError("VALIDATION", 'Give the "channel" the thread is in.');
    }
    const ticket = await postSlackForm<UploadTicket>(
      context.http,
      "files.getUploadURLExternal",
      { filename, length: file.data.byteLength, alt_txt },
      { signal: context.signal },
    );
    await context.http.request({
      method: "POST",
      path: checkedUploadUrl(ticket.upload_url),
      body: { raw: file.data, contentType: file.contentType ?? "application/octet-stream" },
      auth: false,
      responseType: "text",
      signal: context.signal,
    });
    return postSlackJson<SlackUploadedFiles>(
      context.http,
      "files.completeUploadExternal",
      {
        files: [{ id: ticket.file_id, title: context.propsValue.title?.trim() || filename }],
        channel_id: channel,
        initial_comment: channel ? initial_comment : undefined,
        thread_ts,
      },
      { signal: context.signal },
    );
  },
});

import { createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import lookupFixture from "../__fixtures__/users-lookup-by-email.json";
import { slackAuth } from "../slack-auth";
import { getSlack } from "../slack-http";
import { slackUserSchema } from "../slack-schemas";

const userResultSchema = z.looseObject({ ok: z.boolean(), user: slackUserSchema });

/** users.lookupByEmail's answer. */
export type SlackUserResult = z.infer<typeof userResultSchema>;

/** Finds a member by email: GET /users.lookupByEmail (needs users:read.email). */
export const findUserByEmail = createAction({
  name: "find_user_by_email",
  displayName: "Find user by email",
  description:
    "Finds a workspace member by email address; fails with NOT_FOUND (users_not_found) when there is none.",
  auth: slackAuth,
  props: {
    email: Property.ShortText({
      displayName: "Email",
      description: "The member's email address, e.g. spengler@ghostbusters.example.com.",
      required: true,
    }),
  },
  output: userResultSchema,
  sampleData: lookupFixture as SlackUserResult,
  async run(context) {
    return getSlack<SlackUserResult>(
      context.http,
      "users.lookupByEmail",
      { email: context.propsValue.email.trim() },
      { signal: context.signal },
    );
  },
});

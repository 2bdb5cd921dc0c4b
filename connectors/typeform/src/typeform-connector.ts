import { createConnector, createCustomApiCallAction } from "@triggo/connector-sdk";
import { version } from "../package.json";
import webhooksFixture from "./__fixtures__/webhooks.json";
import { getForm } from "./actions/get-form";
import { listResponses } from "./actions/list-responses";
import { newResponse } from "./triggers/new-response";
import { newResponsePolling } from "./triggers/new-response-polling";
import { typeformAuth } from "./typeform-auth";
import { classifyTypeformResponse, TYPEFORM_API_URL } from "./typeform-http";

/**
 * Typeform: read forms and responses, and start a workflow on each new response, by webhook or
 * by polling. `typeform.init({ auth })` gives a typed client; `init({ baseUrl })` reaches an EU
 * Responses Data Center account at https://api.eu.typeform.com.
 */
export const typeform = createConnector({
  name: "typeform",
  displayName: "Typeform",
  description:
    "Read Typeform forms and their responses, and start workflows when someone submits a form.",
  version,
  auth: typeformAuth,
  website: "https://www.typeform.com/developers/",
  categories: ["forms"],
  http: { baseUrl: TYPEFORM_API_URL, classify: classifyTypeformResponse },
  actions: [
    getForm,
    listResponses,
    createCustomApiCallAction({
      auth: typeformAuth,
      apiName: "the Typeform API",
      sampleData: {
        status: 200,
        headers: { "content-type": "application/json" },
        body: webhooksFixture,
      },
    }),
  ],
  triggers: [newResponse, newResponsePolling],
});

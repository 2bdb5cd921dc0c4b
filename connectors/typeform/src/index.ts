export type { TypeformForm } from "./actions/get-form";
export type { TypeformResponseList } from "./actions/list-responses";
export type { TypeformWebhookDelivery } from "./triggers/new-response";
export { typeform } from "./typeform-connector";
export type { TypeformResponse } from "./typeform-http";

export { delay, HttpResponse, http } from "msw";
export type { ContractFinding } from "./contract-rules";
export { checkConnectorContract } from "./contract-rules";
export { describeConnector } from "./describe-connector";
export type { DeliveryInit, TriggerHarness } from "./harness";
export { createTriggerHarness, runAction, TEST_WEBHOOK_URL } from "./harness";
export type { MockApi, RecordedCall } from "./mock-api";
export { createMockApi } from "./mock-api";
export { useMockApi } from "./use-mock-api";

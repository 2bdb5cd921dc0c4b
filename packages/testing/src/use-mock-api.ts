import type { RequestHandler } from "msw";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createMockApi, type MockApi } from "./mock-api";

/**
 * The mock API wired into the current vitest file: listens before the tests, fails any test
 * that sent a request no handler answered, and forgets calls and per-test handlers after each.
 */
export function useMockApi(...handlers: RequestHandler[]): MockApi {
  const api = createMockApi(...handlers);
  beforeAll(() => api.listen());
  afterEach(() => {
    const unhandled = [...api.unhandled];
    api.reset();
    if (unhandled.length > 0) {
      throw new Error(
        `Requests reached no mock handler (the network is off in tests):\n  ${unhandled.join("\n  ")}`,
      );
    }
  });
  afterAll(() => api.close());
  return api;
}

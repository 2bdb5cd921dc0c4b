import { describe, expect, it } from "vitest";
import { createId } from "./runtime-ids";

describe("createId", () => {
  it("sorts by creation, even within one millisecond", () => {
    const ids = Array.from({ length: 200 }, () => createId("ca"));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^ca_[0-9a-z]{12}[0-9a-f]{12}$/);
  });
});

import { describe, expect, it } from "vitest";
import { createRateLimitGate } from "./http-rate-limit-gate";

describe("the rate-limit gate", () => {
  it("is open until blocked, then holds requests until the instant", () => {
    const gate = createRateLimitGate({ random: () => 0 });
    expect(gate.delay(1_000)).toBe(0);
    gate.block(5_000);
    expect(gate.delay(1_000)).toBe(4_000);
    expect(gate.delay(4_999)).toBe(1);
    expect(gate.delay(5_000)).toBe(0);
    expect(gate.delay(6_000)).toBe(0);
  });

  it("keeps the latest instant it was told", () => {
    const gate = createRateLimitGate({ random: () => 0 });
    gate.block(5_000);
    gate.block(3_000);
    expect(gate.blockedUntil).toBe(5_000);
    gate.block(8_000);
    expect(gate.delay(1_000)).toBe(7_000);
    gate.block(Number.NaN);
    expect(gate.blockedUntil).toBe(8_000);
  });

  it("spreads waiting calls over up to 10% of their wait", () => {
    const random = [0, 0.5, 0.999];
    const gate = createRateLimitGate({ random: () => random.shift() ?? 0 });
    gate.block(11_000);
    expect([gate.delay(1_000), gate.delay(1_000), gate.delay(1_000)]).toEqual([
      10_000, 10_500, 10_999,
    ]);
  });

  it("takes another spread ratio", () => {
    const gate = createRateLimitGate({ random: () => 1, spreadRatio: 0.5 });
    gate.block(2_000);
    expect(gate.delay(0)).toBe(3_000);
  });
});

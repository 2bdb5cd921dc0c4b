import type { AnyConnector } from "@triggo/connector-sdk";
import { describe, expect, it } from "vitest";
import { checkConnectorContract } from "./contract-rules";

/**
 * The contract suite every connector runs in its tests: metadata complete, names valid, sample
 * data present and matching output schemas, JSON Schemas valid, webhook triggers verified.
 */
export function describeConnector(
  connector: AnyConnector,
  options: { packageVersion?: string } = {},
): void {
  describe(`${connector.name} connector contract`, () => {
    const findings = checkConnectorContract(connector, options);
    const rules = [
      "version",
      "not-empty",
      "custom-api-call",
      "serializable",
      "json-schema",
      "prop-description",
      "sample-data",
      "webhook-verify",
      "webhook-signer",
    ];
    for (const rule of rules) {
      it(`keeps the "${rule}" rule`, () => {
        const broken = findings
          .filter((finding) => finding.rule === rule)
          .map((finding) => `${finding.subject}: ${finding.message}`);
        expect(broken).toEqual([]);
      });
    }
    it("describes every action and trigger", () => {
      const description = connector.describe();
      expect(description.actions.map((action) => action.name)).toEqual(
        connector.actions.map((action) => action.name),
      );
      expect(description.triggers.map((trigger) => trigger.name)).toEqual(
        connector.triggers.map((trigger) => trigger.name),
      );
    });
  });
}

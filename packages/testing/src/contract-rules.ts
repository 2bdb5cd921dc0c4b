import type { AnyConnector, JsonSchema } from "@triggo/connector-sdk";
import { Ajv2020 } from "ajv/dist/2020.js";

/** One thing a reviewer would flag, with where it is and how to fix it. */
export interface ContractFinding {
  rule: string;
  /** `connector`, `action send_message`, `trigger new_issue`, `action send_message, prop channel`. */
  subject: string;
  message: string;
}

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

function createAjv() {
  const ajv = new Ajv2020({
    strict: true,
    allowUnionTypes: true,
    allErrors: true,
    validateFormats: false,
  });
  ajv.addKeyword({ keyword: "x-triggo", schemaType: "object" });
  return ajv;
}

function schemaErrors(ajv: ReturnType<typeof createAjv>, schema: JsonSchema): string | undefined {
  try {
    ajv.compile(schema);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function sampleErrors(
  ajv: ReturnType<typeof createAjv>,
  schema: JsonSchema,
  sample: unknown,
): string | undefined {
  const validate = ajv.compile(schema);
  if (validate(sample)) return undefined;
  return ajv.errorsText(validate.errors);
}

/**
 * The rules every first-party connector keeps: complete metadata, sample data that matches the
 * declared schemas, valid JSON Schemas, secure webhook triggers. The contract suite and
 * `triggo validate` both report these.
 */
export function checkConnectorContract(
  connector: AnyConnector,
  options: { packageVersion?: string } = {},
): ContractFinding[] {
  const findings: ContractFinding[] = [];
  const add = (rule: string, subject: string, message: string) =>
    findings.push({ rule, subject, message });
  const ajv = createAjv();
  const description = connector.describe();

  if (!SEMVER.test(connector.version)) {
    add(
      "version",
      "connector",
      `version "${connector.version}" is not semver: pass the package.json version to createConnector.`,
    );
  }
  if (options.packageVersion && options.packageVersion !== connector.version) {
    add(
      "version",
      "connector",
      `version "${connector.version}" differs from package.json "${options.packageVersion}": import the version from package.json.`,
    );
  }
  if (connector.actions.length + connector.triggers.length === 0) {
    add("not-empty", "connector", "has no actions and no triggers: add at least one.");
  }
  if (connector.http && connector.actions.length > 0 && !connector.getAction("custom_api_call")) {
    add(
      "custom-api-call",
      "connector",
      'has no "custom_api_call" action: add one so users reach endpoints no action wraps.',
    );
  }
  try {
    JSON.stringify(description);
  } catch (error) {
    add(
      "serializable",
      "connector",
      `describe() is not JSON-serializable: ${(error as Error).message}`,
    );
  }

  const owners = [
    ...description.actions.map((action) => ({
      kind: "action" as const,
      name: action.name,
      props: action.props,
      schema: action.output,
      sample: action.sampleData,
    })),
    ...description.triggers.map((trigger) => ({
      kind: "trigger" as const,
      name: trigger.name,
      props: trigger.props,
      schema: trigger.payload,
      sample: trigger.sampleData,
    })),
  ];
  for (const owner of owners) {
    const subject = `${owner.kind} ${owner.name}`;
    const propsError = schemaErrors(ajv, owner.props);
    if (propsError) add("json-schema", subject, `props JSON Schema is invalid: ${propsError}`);
    for (const [key, schema] of Object.entries(
      (owner.props.properties ?? {}) as Record<string, JsonSchema>,
    )) {
      if (typeof schema.description !== "string" || schema.description.trim() === "") {
        add(
          "prop-description",
          `${subject}, prop ${key}`,
          "has no description: say what the value is and where to find it (AI tools and forms show it).",
        );
      }
    }
    if (owner.sample === undefined) {
      add(
        "sample-data",
        subject,
        "has no sampleData: add a realistic example taken from the provider's documentation.",
      );
    }
    if (owner.schema) {
      const outputError = schemaErrors(ajv, owner.schema);
      if (outputError)
        add(
          "json-schema",
          subject,
          `${owner.kind === "action" ? "output" : "payload"} JSON Schema is invalid: ${outputError}`,
        );
      else if (owner.sample !== undefined) {
        const mismatch = sampleErrors(ajv, owner.schema, owner.sample);
        if (mismatch)
          add(
            "sample-data",
            subject,
            `sampleData does not match the ${owner.kind === "action" ? "output" : "payload"} schema: ${mismatch}`,
          );
      }
    }
  }

  for (const trigger of connector.triggers) {
    const subject = `trigger ${trigger.name}`;
    if (trigger.type !== "WEBHOOK") continue;
    if (trigger.appWebhook) {
      if (!connector.appWebhook?.signDelivery) {
        add(
          "webhook-signer",
          "connector",
          "appWebhook has no signDelivery: tests and `triggo webhook send` cannot sign deliveries.",
        );
      }
      continue;
    }
    if (!trigger.verify) {
      add(
        "webhook-verify",
        subject,
        "has no verify: check the provider's signature over the raw body, or anyone can post events.",
      );
    }
    if (!trigger.signDelivery) {
      add(
        "webhook-signer",
        subject,
        "has no signDelivery: tests and `triggo webhook send` cannot sign deliveries.",
      );
    }
  }
  return findings;
}

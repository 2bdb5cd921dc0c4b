import { type Command, EXIT, stringOption, stringOptions, writeJson } from "../command";
import { findConnector } from "../discover";
import { UsageError } from "../names";

/** `triggo webhook send`: posts a trigger's sample event, signed as the provider would. */
export const webhookCommand: Command = {
  name: "webhook",
  summary: "post a trigger's sample event, signed as the provider would, to a URL",
  usage: "webhook send <connector> <trigger> --to <url> --secret <s>",
  help: `triggo webhook send <connector> <trigger> --to <url> --secret <secret>
                    [--header "Name: value" …] [--json]

Posts the trigger's sample event (its sampleData, as JSON) to --to, signed exactly as the
provider would with --secret: the trigger's signDelivery, or the connector's
appWebhook.signDelivery for app-level triggers (Slack). For testing a local endpoint. Prints
the response's status and body; exit code 1 when the status is not 2xx. --header adds a
header the provider sends besides its signature (GitHub's X-GitHub-Event, for example).

Example:
  triggo webhook send typeform new_response --to http://localhost:3000/hooks/1 --secret s3cret
`,
  options: {
    to: { type: "string" },
    secret: { type: "string" },
    header: { type: "string", multiple: true },
  },
  async run(context) {
    const [action, connectorName, triggerName] = context.positionals;
    if (action !== "send")
      throw new UsageError(
        `webhook does one thing: "triggo webhook send <connector> <trigger> --to <url> --secret <secret>".`,
      );
    if (!connectorName || !triggerName)
      throw new UsageError("webhook send needs a connector and a trigger.");
    const to = stringOption(context, "to");
    const secret = stringOption(context, "secret");
    if (!to || !secret)
      throw new UsageError("webhook send needs --to <url> and --secret <secret>.");
    try {
      new URL(to);
    } catch {
      throw new UsageError(`--to ${to} is not an absolute URL, e.g. http://localhost:3000/hooks.`);
    }
    const { connector } = await findConnector(context.io.cwd, connectorName);
    const trigger = connector.getTrigger(triggerName);
    if (!trigger) {
      throw new Error(
        `${connector.name} has no trigger "${triggerName}"; its triggers are: ${connector.triggers.map((item) => item.name).join(", ") || "none"}.`,
      );
    }
    if (trigger.type !== "WEBHOOK")
      throw new Error(
        `${connector.name}.${trigger.name} is a polling trigger: there is no delivery to send.`,
      );
    const signer = trigger.appWebhook ? connector.appWebhook?.signDelivery : trigger.signDelivery;
    if (!signer) {
      throw new Error(
        `${connector.name}.${trigger.name} cannot sign deliveries: it has no signDelivery${trigger.appWebhook ? " (on the connector's appWebhook)" : ""}.`,
      );
    }
    if (trigger.sampleData === undefined)
      throw new Error(`${connector.name}.${trigger.name} has no sampleData to send.`);
    const rawBody = JSON.stringify(trigger.sampleData);
    const headers: Record<string, string> = { "content-type": "application/json" };
    for (const header of stringOptions(context, "header")) {
      const separator = header.indexOf(":");
      if (separator <= 0) throw new UsageError(`--header ${header} is not "Name: value".`);
      headers[header.slice(0, separator).trim().toLowerCase()] = header.slice(separator + 1).trim();
    }
    Object.assign(
      headers,
      signer({ rawBody, secret, url: to, timestamp: Math.floor(Date.now() / 1000) }),
    );
    const response = await fetch(to, { method: "POST", headers, body: rawBody });
    const text = await response.text();
    if (context.values.json) {
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: keep the text.
      }
      writeJson(context, { status: response.status, body });
    } else {
      const status = `HTTP ${response.status} ${response.statusText}`;
      context.io.stdout.write(
        `${response.ok ? context.style.green(status) : context.style.red(status)}\n${text}${text.endsWith("\n") || text === "" ? "" : "\n"}`,
      );
    }
    return response.ok ? EXIT.OK : EXIT.FAILURE;
  },
};

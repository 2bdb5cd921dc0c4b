import { ConnectorError, type Logger } from "@triggo/shared";
import type { ConnectedAccountRow, ConnectedAccountStore } from "./connected-accounts";

export interface AccountChoice {
  userId: string;
  /** The trigger type, for messages. */
  slug: string;
  /** The connector the account must be of. */
  toolkit: string;
  /** The account the caller named, if any. */
  connectedAccountId: string | undefined;
}

/**
 * The account a new trigger watches: the one named (checked to be the user's, of the right
 * connector, and active), else the user's most recently created active account of the connector,
 * with a warning when there were several. Without any, the error says how to connect one.
 */
export async function chooseConnectedAccount(
  accounts: ConnectedAccountStore,
  logger: Logger,
  { userId, slug, toolkit, connectedAccountId }: AccountChoice,
): Promise<ConnectedAccountRow> {
  if (connectedAccountId !== undefined) {
    const account = await accounts.row(connectedAccountId);
    if (account.user_id !== userId) {
      throw new ConnectorError(
        "VALIDATION",
        `Connected account ${connectedAccountId} belongs to another user, not ${JSON.stringify(userId)}.`,
      );
    }
    if (account.connector !== toolkit) {
      throw new ConnectorError(
        "VALIDATION",
        `Connected account ${connectedAccountId} is a ${account.connector} account; ${slug} needs a ${toolkit} account.`,
      );
    }
    if (account.status !== "active") {
      throw new ConnectorError(
        "AUTH_EXPIRED",
        `Connected account ${connectedAccountId} is ${account.status}${account.status_reason ? ` (${account.status_reason})` : ""}: reconnect it with connectedAccounts.updateCredentials before creating triggers on it.`,
      );
    }
    return account;
  }
  const candidates = await accounts.activeFor(userId, toolkit);
  const [newest] = candidates;
  if (!newest) {
    throw new ConnectorError(
      "NOT_FOUND",
      `User ${JSON.stringify(userId)} has no active ${toolkit} account, which ${slug} needs: connect one with runtime.connectedAccounts.create({ userId: ${JSON.stringify(userId)}, connector: "${toolkit}", credentials }), then create the trigger again.`,
    );
  }
  if (candidates.length > 1) {
    logger.warn(
      `User has ${candidates.length} active ${toolkit} accounts; ${slug} uses the most recently created one. Pass connectedAccountId to choose.`,
      { userId, slug, connectedAccountId: newest.id },
    );
  }
  return newest;
}

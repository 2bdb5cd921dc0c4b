import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Checks `Authorization: Bearer <key>` against the keys, in time independent of where they differ:
 * both sides are hashed to equal lengths first, and every key is compared.
 */
export function createApiKeyCheck(
  apiKeys: readonly string[],
): (header: string | undefined) => boolean {
  const keys = apiKeys.filter((key) => typeof key === "string" && key.length > 0);
  if (keys.length === 0) {
    throw new TypeError("createRuntimeServer needs at least one non-empty API key (apiKeys).");
  }
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  const digests = keys.map(digest);
  return (header) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "");
    const given = digest(match?.[1] ?? "");
    let found = false;
    for (const expected of digests) found = timingSafeEqual(given, expected) || found;
    return match !== null && found;
  };
}

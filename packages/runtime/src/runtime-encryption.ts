import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { ConnectorError, type Logger } from "@triggo/shared";

/** The environment variable that holds the key: base64 of 32 random bytes. */
export const ENCRYPTION_KEY_ENV = "TRIGGO_ENCRYPTION_KEY";

const KEY_BYTES = 32;
const IV_BYTES = 12;
const FORMAT = "v1";

/**
 * Seals secrets at rest with AES-256-GCM. Each value gets a fresh 96-bit IV; the record's id is
 * bound as associated data, so a sealed value copied onto another row does not open.
 */
export interface Encryption {
  /** `v1.<key id>.<iv>.<tag>.<ciphertext>`, base64url parts. */
  seal(value: unknown, recordId: string): string;
  /** Opens what `seal` produced for the same record; fails clearly with the wrong key. */
  open<T = unknown>(sealed: string, recordId: string): T;
}

export interface EncryptionOptions {
  /** Base64 of 32 bytes, or the bytes. Default: the TRIGGO_ENCRYPTION_KEY environment variable. */
  key?: string | Uint8Array;
  /** Without a key, generate one for this process only (secrets stored now are lost on restart). */
  development?: boolean;
  logger: Logger;
}

const GENERATE_HINT = `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`;

function decodeKey(key: string | Uint8Array): Buffer {
  const bytes = typeof key === "string" ? Buffer.from(key.trim(), "base64") : Buffer.from(key);
  if (bytes.length !== KEY_BYTES) {
    throw new ConnectorError(
      "CONFIGURATION",
      `The encryption key must be ${KEY_BYTES} bytes, base64-encoded; got ${bytes.length} bytes. Generate one with ${GENERATE_HINT}.`,
    );
  }
  return bytes;
}

/** A short, non-secret name of the key, stored with each value so a wrong key is told apart. */
function keyIdOf(key: Buffer): string {
  return createHash("sha256").update(key).digest("base64url").slice(0, 8);
}

/** Builds the sealer from the given key, the environment, or (development only) a fresh key. */
export function createEncryption(options: EncryptionOptions): Encryption {
  const given = options.key ?? process.env[ENCRYPTION_KEY_ENV];
  let key: Buffer;
  if (given !== undefined && given !== "") {
    key = decodeKey(given);
  } else if (options.development) {
    key = randomBytes(KEY_BYTES);
    options.logger.warn(
      `No encryption key: generated one for this process only, so stored credentials cannot be read after a restart. Set ${ENCRYPTION_KEY_ENV} for anything but development.`,
    );
  } else {
    throw new ConnectorError(
      "CONFIGURATION",
      `The runtime needs an encryption key for credentials: set ${ENCRYPTION_KEY_ENV} to base64 of 32 random bytes (${GENERATE_HINT}), or pass encryptionKey, or development: true for a throwaway key.`,
    );
  }
  const keyId = keyIdOf(key);

  return {
    seal(value, recordId) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(recordId));
      const ciphertext = Buffer.concat([
        cipher.update(JSON.stringify(value), "utf8"),
        cipher.final(),
      ]);
      const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url"));
      return [FORMAT, keyId, ...parts].join(".");
    },
    open<T>(sealed: string, recordId: string): T {
      const [format, sealedKeyId, iv, tag, ciphertext] = sealed.split(".");
      if (format !== FORMAT || !iv || !tag || ciphertext === undefined) {
        throw new ConnectorError(
          "CONFIGURATION",
          `The stored secrets of ${recordId} are not in a format this runtime reads.`,
        );
      }
      if (sealedKeyId !== keyId) {
        throw new ConnectorError(
          "CONFIGURATION",
          `The secrets of ${recordId} were encrypted with another key (id ${sealedKeyId}; this runtime's is ${keyId}): start the runtime with the ${ENCRYPTION_KEY_ENV} they were stored with.`,
        );
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
        decipher.setAAD(Buffer.from(recordId));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        const plaintext = Buffer.concat([
          decipher.update(Buffer.from(ciphertext, "base64url")),
          decipher.final(),
        ]);
        return JSON.parse(plaintext.toString("utf8")) as T;
      } catch {
        throw new ConnectorError(
          "CONFIGURATION",
          `The secrets of ${recordId} failed their integrity check: they were altered, or belong to another record.`,
        );
      }
    },
  };
}

import type { HttpClient } from "@triggo/shared";
import { AUTH_TYPES } from "./constants";
import type { PropsDefinition, PropsInput, PropsValue } from "./property";

/** What an auth's `validate` hook receives: the credentials and a client already using them. */
export interface AuthValidateContext<TValue> {
  auth: TValue;
  http: HttpClient;
  signal: AbortSignal;
}

/** Checks credentials with a cheap call; throws a ConnectorError (AUTH_INVALID) when refused. */
export type AuthValidator<TValue> = (context: AuthValidateContext<TValue>) => Promise<void>;

export interface NoneAuth {
  readonly type: typeof AUTH_TYPES.NONE;
}

export interface SecretTextAuth {
  readonly type: typeof AUTH_TYPES.SECRET_TEXT;
  readonly displayName: string;
  readonly description: string;
  /** Environment variable the typed client reads when `init` is given no auth. */
  readonly env?: string;
  readonly validate?: AuthValidator<string>;
}

export interface CustomAuth<P extends PropsDefinition = PropsDefinition> {
  readonly type: typeof AUTH_TYPES.CUSTOM;
  readonly displayName: string;
  readonly description: string;
  readonly props: P;
  readonly validate?: AuthValidator<PropsValue<P>>;
}

/** Tokens of a connected OAuth2 account, as the runtime stores them. */
export interface OAuth2Credentials {
  accessToken: string;
  refreshToken?: string;
  /** When the access token expires, in milliseconds since the epoch. */
  expiresAt?: number;
  scope?: string;
  tokenType?: string;
  /** Values of the auth's extra props (e.g. a workspace subdomain). */
  props?: Record<string, unknown>;
  /** Provider-specific fields of the token response worth keeping (e.g. Slack's team). */
  data?: Record<string, unknown>;
}

export interface OAuth2Auth<P extends PropsDefinition = PropsDefinition> {
  readonly type: typeof AUTH_TYPES.OAUTH2;
  readonly displayName: string;
  readonly description: string;
  readonly authorizationUrl: string;
  readonly tokenUrl: string;
  readonly scopes: readonly string[];
  /** How scopes are joined in the authorization URL. Default " " (Slack uses ","). */
  readonly scopeSeparator?: string;
  /** Send a PKCE challenge (S256). */
  readonly pkce?: boolean;
  /** How the client id and secret reach the token endpoint. Default "body". */
  readonly clientAuthentication?: "body" | "basic";
  readonly extraAuthorizationParams?: Readonly<Record<string, string>>;
  /** Extra fields the user fills in before connecting (e.g. a subdomain). */
  readonly props?: P;
  /**
   * Users may paste a token instead of going through the OAuth2 flow (a Slack bot token, a GitHub
   * personal access token). The connector sees it as `{ accessToken }`, like any OAuth2 account.
   */
  readonly manualToken?: ManualToken;
  readonly validate?: AuthValidator<OAuth2Credentials>;
}

export interface ManualToken {
  displayName: string;
  /** Where to create the token and which scopes it needs. */
  description: string;
  /** Environment variable the typed client reads when `init` is given no auth. */
  env?: string;
}

/** What `init({ auth })` accepts: an OAuth2 connector also takes a pasted token as a string. */
export type AuthInput<A> = A extends OAuth2Auth
  ? OAuth2Credentials | string
  : A extends CustomAuth<infer P>
    ? PropsInput<P>
    : AuthValue<A>;

export type AnyAuth = NoneAuth | SecretTextAuth | CustomAuth<any> | OAuth2Auth<any>;

/** The credentials value an auth kind produces, as `context.auth` sees it. */
export type AuthValue<A> = A extends NoneAuth
  ? undefined
  : A extends SecretTextAuth
    ? string
    : A extends CustomAuth<infer P>
      ? PropsValue<P>
      : A extends OAuth2Auth
        ? OAuth2Credentials
        : unknown;

/** Auth type constructors: how users connect their account. */
export const ConnectorAuth = {
  /** The service needs no credentials. */
  None(): NoneAuth {
    return { type: AUTH_TYPES.NONE };
  },
  /** One secret string: an API key or a bot token. */
  SecretText(config: Omit<SecretTextAuth, "type">): SecretTextAuth {
    return { type: AUTH_TYPES.SECRET_TEXT, ...config };
  },
  /** Several fields (e.g. an API key and a region). */
  CustomAuth<P extends PropsDefinition>(config: Omit<CustomAuth<P>, "type">): CustomAuth<P> {
    return { type: AUTH_TYPES.CUSTOM, ...config };
  },
  /** The OAuth2 authorization-code flow; the runtime keeps tokens fresh. */
  OAuth2<P extends PropsDefinition = {}>(config: Omit<OAuth2Auth<P>, "type">): OAuth2Auth<P> {
    return { type: AUTH_TYPES.OAUTH2, ...config };
  },
};

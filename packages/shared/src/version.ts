import { version } from "../package.json";

/**
 * The version of `@triggo/shared`. The build inlines it from package.json (only this field), so
 * `changeset version` bumps it with nothing else to edit and nothing is read at run time.
 */
export const SHARED_VERSION: string = version;

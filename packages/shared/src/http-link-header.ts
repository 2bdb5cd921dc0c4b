/**
 * The `Link` header (RFC 8288), as GitHub, GitLab and many REST APIs use it for pagination:
 * `<https://api.github.com/repositories/1/issues?page=2>; rel="next", <...>; rel="last"`.
 */

export interface LinkValue {
  /** The target as written between `<` and `>` (resolve it against the request URL). */
  uri: string;
  /** The relation types, lower-cased (`rel="next last"` gives `["next", "last"]`). */
  rel: string[];
  /** Every parameter by lower-cased name, quotes and escapes removed; the first of a repeated name wins. */
  params: Record<string, string>;
}

/**
 * Parses a `Link` header: links separated by commas (also inside the same header given twice),
 * parameters by semicolons, values as tokens or quoted strings, whitespace anywhere allowed.
 * Commas and semicolons inside `<...>` or quotes are part of the value. A malformed link is
 * skipped, not fatal.
 */
export function parseLinkHeader(header: string | null | undefined): LinkValue[] {
  if (!header) return [];
  const scanner = new Scanner(header);
  const links: LinkValue[] = [];
  while (!scanner.done) {
    scanner.skip(/[\s,]/);
    if (scanner.done) break;
    const link = readLink(scanner);
    if (link) links.push(link);
    else scanner.skipPast(",");
  }
  return links;
}

/**
 * The absolute URL of the first link with relation `rel` (default `next`), resolved against
 * `baseUrl`; `undefined` when there is none.
 */
export function findLink(
  header: string | null | undefined,
  rel = "next",
  baseUrl?: string,
): string | undefined {
  const wanted = rel.toLowerCase();
  const link = parseLinkHeader(header).find((candidate) => candidate.rel.includes(wanted));
  if (!link) return undefined;
  try {
    return new URL(link.uri, baseUrl).toString();
  } catch {
    return undefined;
  }
}

function readLink(scanner: Scanner): LinkValue | undefined {
  if (!scanner.take("<")) return undefined;
  const uri = scanner.readUntil(">");
  if (!scanner.take(">")) return undefined;
  const params: Record<string, string> = {};
  for (;;) {
    scanner.skip(/\s/);
    if (!scanner.take(";")) break;
    scanner.skip(/\s/);
    const name = scanner.readWhile(/[^\s=;,]/).toLowerCase();
    scanner.skip(/\s/);
    let value = "";
    if (scanner.take("=")) {
      scanner.skip(/\s/);
      value = scanner.peek() === '"' ? scanner.readQuoted() : scanner.readWhile(/[^\s;,]/);
    }
    if (name && !(name in params)) params[name] = value;
  }
  scanner.skip(/\s/);
  if (!scanner.done && scanner.peek() !== ",") return undefined;
  const rel = (params.rel ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  return { uri: uri.trim(), rel, params };
}

class Scanner {
  private position = 0;

  constructor(private readonly text: string) {}

  get done(): boolean {
    return this.position >= this.text.length;
  }

  peek(): string | undefined {
    return this.text[this.position];
  }

  take(character: string): boolean {
    if (this.peek() !== character) return false;
    this.position += 1;
    return true;
  }

  skip(pattern: RegExp): void {
    while (!this.done && pattern.test(this.peek() ?? "")) this.position += 1;
  }

  readWhile(pattern: RegExp): string {
    const start = this.position;
    this.skip(pattern);
    return this.text.slice(start, this.position);
  }

  readUntil(character: string): string {
    const end = this.text.indexOf(character, this.position);
    const stop = end === -1 ? this.text.length : end;
    const value = this.text.slice(this.position, stop);
    this.position = stop;
    return value;
  }

  /** A quoted-string: `"..."` with `\\x` standing for `x`. */
  readQuoted(): string {
    this.take('"');
    let value = "";
    while (!this.done && this.peek() !== '"') {
      if (this.peek() === "\\") this.position += 1;
      value += this.peek() ?? "";
      this.position += 1;
    }
    this.take('"');
    return value;
  }

  skipPast(character: string): void {
    this.readUntil(character);
    this.take(character);
  }
}

/**
 * Small, predictable edits of a connector's TypeScript source for `triggo add`: insert an import
 * or export line in sorted position, and add an entry to the `actions` or `triggers` array.
 */
import { LINE_WIDTH } from "./templates/names";

const STATEMENT = /^(?:import|export)\s[^;]*?from\s+"([^"]+)";[^\S\n]*\n?/gm;

/**
 * Inserts `line` (an import or export statement from `source`) among the file's top statements,
 * before the first relative one whose source sorts after it, so that Biome's order holds.
 */
export function insertStatement(text: string, line: string, source: string): string {
  let insertAt: number | undefined;
  let lastEnd = 0;
  for (const match of text.matchAll(STATEMENT)) {
    const statementSource = match[1]!;
    const end = match.index + match[0].length;
    if (
      insertAt === undefined &&
      statementSource.startsWith(source.slice(0, 2)) &&
      statementSource > source
    ) {
      insertAt = match.index;
    }
    lastEnd = end;
  }
  const at = insertAt ?? lastEnd;
  const before = text.slice(0, at);
  const separator = before === "" || before.endsWith("\n") ? "" : "\n";
  return `${before}${separator}${line}\n${text.slice(at)}`;
}

/**
 * Adds `identifier` to the `key: [...]` array (`actions` or `triggers`) of a Biome-formatted
 * file: at the end, or before `createCustomApiCallAction(...)` (which stays last), breaking a
 * one-line array over several lines when it grows past the line width. Returns undefined when
 * the file has no such array.
 */
export function insertArrayEntry(
  text: string,
  key: string,
  identifier: string,
): string | undefined {
  const match = new RegExp(`^([^\\S\\n]*)${key}:\\s*\\[(.*)$`, "m").exec(text);
  if (!match) return undefined;
  const indent = match[1]!;
  const rest = match[2]!;
  const lineStart = match.index;
  const lineEnd = lineStart + match[0].length;
  if (rest.trim() !== "") {
    const oneLine = /^(.*)\](,?)\s*$/.exec(rest);
    if (!oneLine || /[({]/.test(oneLine[1]!)) {
      return `${text.slice(0, lineEnd - rest.length)}${identifier}, ${rest}${text.slice(lineEnd)}`;
    }
    const entries = [
      ...oneLine[1]!
        .split(",")
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ""),
      identifier,
    ];
    const single = `${indent}${key}: [${entries.join(", ")}]${oneLine[2]}`;
    const replacement =
      single.length <= LINE_WIDTH
        ? single
        : [
            `${indent}${key}: [`,
            ...entries.map((entry) => `${indent}  ${entry},`),
            `${indent}]${oneLine[2]}`,
          ].join("\n");
    return text.slice(0, lineStart) + replacement + text.slice(lineEnd);
  }
  const closing = text.indexOf(`\n${indent}]`, lineEnd);
  if (closing === -1) return undefined;
  const customCall = text.indexOf(`\n${indent}  createCustomApiCallAction(`, lineEnd);
  const at = customCall !== -1 && customCall < closing ? customCall : closing;
  return `${text.slice(0, at)}\n${indent}  ${identifier},${text.slice(at)}`;
}

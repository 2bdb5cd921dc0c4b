import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/**
 * Writes `files` (paths relative to `directory`) and returns their paths relative to `cwd`.
 * Refuses to overwrite: a file that exists already is an error naming it.
 */
export function writeNewFiles(
  directory: string,
  files: Record<string, string>,
  cwd: string,
): string[] {
  for (const path of Object.keys(files)) {
    const target = join(directory, path);
    if (existsSync(target)) {
      throw new Error(`${relative(cwd, target)} exists already: remove it or choose another name.`);
    }
  }
  return Object.entries(files).map(([path, content]) => {
    const target = join(directory, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    return relative(cwd, target);
  });
}

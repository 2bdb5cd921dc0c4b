/**
 * Writes a library's ESM entry after its CommonJS build (see libraryConfig in
 * tsup.config.base.ts): `dist/index.js` loads `./index.cjs` with `require` and re-exports each
 * of its names, and `dist/index.d.ts` re-exports its declarations. `import` and `require` thus
 * share one module instance. Loading through `require` (rather than `export * from`) spares
 * Node's ESM loader from parsing the CommonJS file for its names: about 10 ms of cold start.
 * Run from the package's folder: `tsup && node ../../scripts/esm-entry.mjs`.
 */
import { existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const cjsPath = resolve("dist/index.cjs");
if (!existsSync(cjsPath) || !existsSync(resolve("dist/index.d.cts"))) {
  console.error("esm-entry: dist/index.cjs and dist/index.d.cts are missing: run tsup first.");
  process.exit(1);
}
const names = Object.keys(createRequire(import.meta.url)(cjsPath)).filter(
  (name) => name !== "__esModule" && name !== "default",
);
const identifier = /^[A-Za-z_$][\w$]*$/;
const odd = names.filter((name) => !identifier.test(name));
if (odd.length > 0) {
  console.error(`esm-entry: exports that are not identifiers: ${odd.join(", ")}`);
  process.exit(1);
}
writeFileSync(
  "dist/index.js",
  [
    'import { createRequire } from "node:module";',
    "",
    'const library = createRequire(import.meta.url)("./index.cjs");',
    "",
    `export const { ${names.join(", ")} } = library;`,
    "",
  ].join("\n"),
);
writeFileSync("dist/index.d.ts", 'export * from "./index.cjs";\n');

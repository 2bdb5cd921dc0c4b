import { packageConfig } from "../../tsup.config.base";

// Two builds: the Node handler (ESM and CommonJS, with declarations) and the browser app (one
// minified script beside its page and stylesheet, under dist/app). The handler's clean keeps app/.
export default [
  packageConfig({ clean: ["!app/**"], shims: true }),
  packageConfig({
    entry: { app: "src/app/main.ts" },
    outDir: "dist/app",
    format: ["iife"],
    platform: "browser",
    target: "es2022",
    dts: false,
    minify: true,
    publicDir: "src/app/public",
    outExtension: () => ({ js: ".js" }),
  }),
];

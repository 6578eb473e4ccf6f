/**
 * `qip dev`: serves a content directory, transforming files through recipe chains and
 * injecting `<qip-form>` modules (dev-server.md). Uses the host (loader) and the pipeline.
 *
 * @module
 */

export { chainResultStore } from "./chain_result_store.ts";
export { contentRequestPaths, indexContent, resolveRoute } from "./content_routes.ts";
export { createDevHandler } from "./dev_handler.ts";
export { devLog } from "./dev_log.ts";
export { DevReloader } from "./dev_reloader.ts";
export { type DevServer, startDevServer } from "./dev_server.ts";
export { buildDevState, type DevSources } from "./dev_state.ts";
export { detectSourceMime } from "./mime.ts";
export { OutputMemo } from "./output_memo.ts";
export { discoverRecipes, parseRecipeFilename } from "./recipe_discovery.ts";

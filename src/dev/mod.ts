/**
 * `qip dev`: serves a content directory, transforming files through recipe chains and
 * injecting `<qip-form>` modules (dev-server.md). Uses the host (loader) and the pipeline.
 *
 * @module
 */

export * from "./content_routes.ts";
export * from "./dev_handler.ts";
export * from "./dev_log.ts";
export * from "./dev_reloader.ts";
export * from "./dev_server.ts";
export * from "./dev_state.ts";
export * from "./mime.ts";
export * from "./output_memo.ts";
export * from "./recipe_discovery.ts";

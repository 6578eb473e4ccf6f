/**
 * `qip build`: renders a content tree through its recipes into static files.
 *
 * @module
 */

export { buildStaticSite } from "./static_build.ts";

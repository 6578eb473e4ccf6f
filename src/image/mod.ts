/**
 * Images: decoding and encoding (PNG, JPEG, BMP) in permission-less codec workers, the
 * premultiplied RGBA image the tile stages work on, and the two ways tile stages meet an image:
 * `runImageBlock` for `qip image`, `runBmpTileBlock` for an image block inside a `qip run` chain.
 * Uses the pipeline to run the tiles.
 *
 * `CodecPool` is not exported here: importing it compiles imagescript's decoders, which only
 * `qip image` should pay for. It is the layer's second entry, `codec_pool.ts`.
 *
 * @module
 */

export { decodeBmp } from "./bmp_decode.ts";
export { encodeBmp } from "./bmp_encode.ts";
export { runBmpTileBlock } from "./bmp_tile_block.ts";
export { type ImageBlockOptions, runImageBlock } from "./image_block.ts";
export { DEFAULT_MAX_PIXELS } from "./image_dimensions.ts";
export { unpremultiplyImage } from "./premultiply.ts";
export type { RgbaImage } from "./rgba_image.ts";

/**
 * Images: decoding and encoding (PNG, JPEG, BMP) in permission-less codec workers, and the
 * premultiplied RGBA image the tile stages work on.
 *
 * `CodecPool` is not exported here: importing it compiles imagescript's decoders, which only
 * `qip image` should pay for. It is the layer's second entry, `codec_pool.ts`.
 *
 * @module
 */

export { decodeBmp } from "./bmp_decode.ts";
export { encodeBmp } from "./bmp_encode.ts";
export { DEFAULT_MAX_PIXELS } from "./image_dimensions.ts";
export { unpremultiplyImage } from "./premultiply.ts";
export type { RgbaImage } from "./rgba_image.ts";

/** libjpeg-turbo's TurboJPEG decoder, compiled (src/image/turbo_jpeg.ts instantiates it). */
export declare const turboJpegModule: WebAssembly.Module;

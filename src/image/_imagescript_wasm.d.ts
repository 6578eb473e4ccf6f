/** imagescript's JPEG decoder, compiled. */
export declare const jpegModule: WebAssembly.Module;
/** imagescript's PNG decoder, compiled (imports `env.emscripten_notify_memory_growth`). */
export declare const pngModule: WebAssembly.Module;

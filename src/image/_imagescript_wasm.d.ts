/** imagescript's PNG decoder, compiled (imports `env.emscripten_notify_memory_growth`). */
export declare const pngModule: WebAssembly.Module;

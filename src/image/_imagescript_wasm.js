// imagescript's WebAssembly decoders as compiled modules, imported at load time (no file read,
// so this works in a worker without permissions). Plain JavaScript because the type checker
// does not parse source-phase imports yet; the types are in _imagescript_wasm.d.ts.
import source jpegModule from "imagescript/wasm/any/jpeg.wasm";
import source pngModule from "imagescript/wasm/any/png.wasm";

export { jpegModule, pngModule };

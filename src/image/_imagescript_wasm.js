// imagescript's WebAssembly decoders as compiled modules, imported by the host at load time and
// posted to the codec workers (src/image/imagescript_modules.ts). Plain JavaScript because the
// type checker does not parse source-phase imports yet; the types are in _imagescript_wasm.d.ts.
import source jpegModule from "imagescript/wasm/any/jpeg.wasm";
import source pngModule from "imagescript/wasm/any/png.wasm";

export { jpegModule, pngModule };

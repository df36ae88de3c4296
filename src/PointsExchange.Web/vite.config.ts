import { defineConfig } from "vite";

// The dashboard is served by the exchange itself (PointsExchange:WebRoot), on the same origin as its
// gRPC-Web endpoints: the bundle must be self-contained, with nothing loaded from elsewhere at run time.
export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // One bundle of about 310 kB (lightweight-charts and the protobuf runtime): simpler to serve than chunks.
    chunkSizeWarningLimit: 600,
    reportCompressedSize: false,
    modulePreload: { polyfill: false },
  },
});

import { defineConfig } from 'vite';

/**
 * `pnpm dev` serves the dashboard. Offline (the default) it needs no network at all. Live
 * (`/?live`), the services that send no CORS headers go through these proxies, which is what the
 * app's connectors point their `baseUrl` at (`<origin>/proxy/<connector id>`): the Planning London
 * Datahub (no CORS), and TfL and the London Air Quality Network (CORS unconfirmed; LAQN asks that
 * one server fetches for its users). planning.data.gov.uk sends CORS headers and is called directly.
 * In production, put the same routes on your own server (a reverse proxy with the same rewrites).
 */
const proxy = (target: string, prefix: string) => ({
  target,
  changeOrigin: true,
  rewrite: (path: string) => path.slice(prefix.length),
});

export default defineConfig({
  base: './',
  server: {
    proxy: {
      '/proxy/planning-london-datahub': proxy(
        'https://planningdata.london.gov.uk/api-guest',
        '/proxy/planning-london-datahub',
      ),
      '/proxy/tfl': proxy('https://api.tfl.gov.uk', '/proxy/tfl'),
      '/proxy/laqn': proxy('https://api.erg.ic.ac.uk/AirQuality', '/proxy/laqn'),
    },
  },
  // PGlite's bundle uses direct eval (its Emscripten loader); it only warns.
  build: { chunkSizeWarningLimit: 2000 },
});

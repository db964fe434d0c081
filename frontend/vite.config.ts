import { defineConfig } from 'vite'

// The app is served by `consult serve` from `dist/`; in development Vite proxies the API
// (start the server with CONSULT_PUBLIC_URL=http://localhost:5173 so cookies are trusted).
export default defineConfig({
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  css: {
    // govuk-frontend keeps an old browser hack (`min-width: 0\0`) the minifier cannot parse:
    // drop that rule rather than fail.
    lightningcss: { errorRecovery: true },
    preprocessorOptions: {
      scss: {
        // govuk-frontend's Sass still uses features newer Sass warns about.
        quietDeps: true,
        silenceDeprecations: ['import', 'global-builtin', 'mixed-decls', 'color-functions', 'slash-div', 'if-function'],
      },
    },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
    // Inline nothing: the server's Content-Security-Policy allows only files from 'self'.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      '/graphql': 'http://127.0.0.1:8080',
      '/proposals/': { target: 'http://127.0.0.1:8080', bypass: (req) => (req.headers.accept?.includes('text/html') ? req.url : undefined) },
      '/attachments': 'http://127.0.0.1:8080',
      '/calendar': 'http://127.0.0.1:8080',
    },
  },
})

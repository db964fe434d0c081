import { fileURLToPath } from 'node:url'
import { createLogger, defineConfig, type Plugin } from 'vite'

// A build that warns is a build that fails: a newcomer's first `npm run build` prints nothing
// to wonder about, and a new warning is seen when it appears rather than lost among old ones.
const logger = createLogger()
const warnings: string[] = []
for (const method of ['warn', 'warnOnce'] as const) {
  const print = logger[method].bind(logger)
  logger[method] = (message, options) => {
    warnings.push(message)
    print(message, options)
  }
}
const failOnWarnings: Plugin = {
  name: 'consult:fail-on-warnings',
  apply: 'build',
  closeBundle() {
    if (warnings.length > 0) {
      throw new Error(`The build printed ${warnings.length} warning(s); fix them (see above).`)
    }
  },
}

// govuk-frontend keeps a hack for Internet Explorer (`@media … (min-width: 0\\0)`, which Sass
// writes as U+FFFD) that no browser Consult supports reads and the CSS minifier rejects as
// invalid: drop those rules.
const dropInternetExplorerHacks = {
  postcssPlugin: 'consult-drop-ie-hacks',
  AtRule: {
    media(rule: { params: string; remove(): void }) {
      if (/\\0|\uFFFD/.test(rule.params)) rule.remove()
    },
  },
}

// GraphiQL's stylesheet embeds its fonts (Roboto, Fira Code) as data: URLs, which the
// Content-Security-Policy (font-src 'self') refuses: drop them, as the app ships no font files
// and GraphiQL uses the app's system fonts instead (src/explorer/graphiql.css).
const dropEmbeddedFonts = {
  postcssPlugin: 'consult-drop-embedded-fonts',
  AtRule: {
    'font-face'(rule: { toString(): string; remove(): void }) {
      if (/url\(\s*["']?data:/.test(rule.toString())) rule.remove()
    },
  },
}

// The app is served by `consult serve` from `dist/`; in development Vite proxies the API
// (start the server with CONSULT_PUBLIC_URL=http://localhost:5173 so cookies are trusted).
export default defineConfig({
  customLogger: logger,
  plugins: [failOnWarnings],
  resolve: {
    // GraphiQL's dialogs add their scroll lock as a <style> element, which the
    // Content-Security-Policy refuses: the same API, adding a constructed stylesheet instead.
    alias: [
      { find: /^react-style-singleton$/, replacement: fileURLToPath(new URL('./src/explorer/styleSingleton.ts', import.meta.url)) },
    ],
  },
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  css: {
    postcss: { plugins: [dropInternetExplorerHacks, dropEmbeddedFonts] },
    preprocessorOptions: {
      scss: {
        // govuk-frontend's Sass still uses features newer Sass warns about.
        quietDeps: true,
        silenceDeprecations: ['import', 'global-builtin', 'color-functions', 'slash-div', 'if-function'],
      },
    },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
    // Inline nothing: the server's Content-Security-Policy allows only files from 'self'.
    assetsInlineLimit: 0,
    // The API explorer's chunk (React, GraphiQL, graphql-js) is about 1 MB before
    // compression and loads only on /graphiql; scripts/size-report.mjs holds every budget.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      // Rolldown warns when plugins take most of the build's time, which on a busy machine
      // is govuk-frontend's Sass every time: a warning about the machine, not the code.
      checks: { bundlerTimings: false },
      onwarn(warning, warn) {
        // React libraries (GraphiQL's) mark modules "use client" for server components, which
        // mean nothing in a bundle that runs only in the browser.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.id?.includes('/node_modules/')) return
        warn(warning)
      },
    },
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

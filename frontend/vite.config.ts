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

// The app is served by `consult serve` from `dist/`; in development Vite proxies the API
// (start the server with CONSULT_PUBLIC_URL=http://localhost:5173 so cookies are trusted).
export default defineConfig({
  customLogger: logger,
  plugins: [failOnWarnings],
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  css: {
    postcss: { plugins: [dropInternetExplorerHacks] },
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
    rolldownOptions: {
      // Rolldown warns when plugins take most of the build's time, which on a busy machine
      // is govuk-frontend's Sass every time: a warning about the machine, not the code.
      checks: { bundlerTimings: false },
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

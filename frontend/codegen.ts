import type { CodegenConfig } from '@graphql-codegen/cli'

// Every operation in src/ is checked against the server's schema.graphql and typed from it:
// a schema change that breaks a page fails `npm run build`.
const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  errorsOnly: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: {
          DateTime: 'string',
          NaiveDate: 'string',
          HistoricalDate: 'string',
          Money: 'string',
          JSON: 'unknown',
          Upload: 'File',
        },
      },
    },
  },
}

export default config

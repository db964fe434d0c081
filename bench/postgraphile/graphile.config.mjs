// PostGraphile 5 over Consult's database, for bench/postgraphile.sh: the Amber preset, the
// public schema, no watch mode, no GraphiQL; the connection string comes from DATABASE_URL.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";

export default {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ["public"],
      poolConfig: { max: 16 },
    }),
  ],
  grafserv: { port: Number(process.env.PORT ?? 5678), graphiql: false, watch: false },
  grafast: { explain: false },
};

/**
 * The browser build's stand-in for the `postgres` package (see vite.config.ts): the dashboard opens
 * its store in IndexedDB, never on a PostgreSQL server, and a server URL is refused in one line.
 */
export default function postgres(): never {
  throw new Error('the browser build has no PostgreSQL server driver: open the store with idb:// or memory');
}

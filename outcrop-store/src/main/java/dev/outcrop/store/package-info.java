/** Persistence: SQLite and PostgreSQL behind the store interfaces of core, with one set of migrations. */
package dev.outcrop.store;

/**
 * Several nodes on one shared database: whether this node can reach the database, how many nodes are
 * alive, what runs when the database comes back, the failure a store reports ({@code StoreException}) and the
 * caches that serve what a node last knew while the database is away, kept current by the change feed.
 */
package dev.outcrop.cluster;

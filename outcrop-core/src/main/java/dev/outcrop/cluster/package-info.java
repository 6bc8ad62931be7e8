/**
 * Several nodes on one shared database: whether this node can reach the database, how many nodes are
 * alive, and what runs when the database comes back.
 */
package dev.outcrop.cluster;

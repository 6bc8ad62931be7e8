/** Outcrop's own admin API under {@code /_outcrop/}: deployment state, simulator faults. */
package dev.outcrop.server.admin;

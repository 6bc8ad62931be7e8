/** Routing across regions: deployment capacity and health, the choice of a deployment, failover. */
package dev.outcrop.routing;

/**
 * Model invocation: the provider-neutral chat model, the provider SPI, target resolution, the routing of a call
 * across regions (deployment capacity and health, the choice of a deployment, failover) and the invocation
 * service that sends a call to the deployment chosen.
 */
package dev.outcrop.invoke;

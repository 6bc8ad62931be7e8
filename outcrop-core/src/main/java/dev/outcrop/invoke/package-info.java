/**
 * Model invocation: the provider-neutral chat model, the provider SPI, target resolution and the
 * invocation service that routes a call to a deployment.
 */
package dev.outcrop.invoke;

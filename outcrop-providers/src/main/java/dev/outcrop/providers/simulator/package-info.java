/** The built-in simulated model backend, the zero-configuration default. */
package dev.outcrop.providers.simulator;

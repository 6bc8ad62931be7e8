/**
 * What every request carries into the domain: its scope (partition, account, region). One record, kept a package
 * of its own because the services of several packages (invoke, profile, tag) take it and none of them owns it.
 */
package dev.outcrop.context;

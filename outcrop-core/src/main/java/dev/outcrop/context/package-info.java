/** What every request carries into the domain: its scope (partition, account, region). */
package dev.outcrop.context;

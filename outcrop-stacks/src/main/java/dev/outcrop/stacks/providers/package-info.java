/** The resource types Outcrop serves, each over one of its services. */
package dev.outcrop.stacks.providers;

/**
 * The inference configuration an application profile may carry: per parameter a value and a mode (a default
 * the request may override, a limit it may not exceed, or a fixed value), read and written strictly as JSON,
 * stored with the profile, and merged into every runtime call made through the profile.
 */
package dev.outcrop.profileconfig;

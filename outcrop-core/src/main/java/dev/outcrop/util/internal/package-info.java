/** Helpers that core's packages share and that no other module uses: not API, may change at any time. */
package dev.outcrop.util.internal;

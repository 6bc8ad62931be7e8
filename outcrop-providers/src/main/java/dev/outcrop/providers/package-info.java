/** Model providers: the backends a deployment can be served by. */
package dev.outcrop.providers;

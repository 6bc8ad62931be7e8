/** The control plane's wire operations: inference profiles, tags, foundation models. */
package dev.outcrop.server.controlplane;

/** The HTTP transport: one Netty port for HTTP/1.1 and h2c, requests handed to virtual threads. */
package dev.outcrop.server.http;

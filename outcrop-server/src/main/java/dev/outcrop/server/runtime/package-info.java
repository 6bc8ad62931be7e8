/** The runtime's wire operations: Converse, ConverseStream, InvokeModel (native bodies), CountTokens. */
package dev.outcrop.server.runtime;

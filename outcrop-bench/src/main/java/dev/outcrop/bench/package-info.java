/** Benchmarks: the end-to-end load harness. Run by hand (see docs/benchmarks.md), never by the tests. */
package dev.outcrop.bench;

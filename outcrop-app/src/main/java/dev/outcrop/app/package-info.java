/** The application: the command line, configuration and the composition root. */
package dev.outcrop.app;

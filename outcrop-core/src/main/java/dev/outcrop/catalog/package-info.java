/** The catalog: regions, foundation models, system-defined inference profiles and default prompt routers. */
package dev.outcrop.catalog;

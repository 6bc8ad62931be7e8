/** Small helpers shared by every module. */
package dev.outcrop.util;

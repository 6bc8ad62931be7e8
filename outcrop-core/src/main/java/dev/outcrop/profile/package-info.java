/** Inference profiles: the control plane that lists, reads, creates and deletes them. */
package dev.outcrop.profile;

/** STS's {@code AssumeRole} on the shared port, so that a workload (or another Outcrop) can take a role's credentials. */
package dev.outcrop.app.sts;

/**
 * Attribution: who is behind a pid. Parses {@code /proc} (from one injectable root) into
 * {@link io.fsmon.event.Actor}s and caches them per process so a burst of events costs one read.
 */
package io.fsmon.proc;

/**
 * The service: the daemon's lifecycle (lock, runtime directory, config, persisted watch list),
 * one {@link io.fsmon.monitor.Monitor} per watch feeding one {@link io.fsmon.log.HistoryWriter}
 * (restarted, with a GAP, when it dies), the live feed for {@code tail}, and the control socket
 * (server, client, peer credentials, the bounds on what its clients may cost).
 * {@link io.fsmon.daemon.Readings} is its counters read at one moment, for the metrics above it.
 * Knows nothing of the command line nor of metrics formats.
 */
package io.fsmon.daemon;

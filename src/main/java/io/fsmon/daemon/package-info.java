/**
 * The service: the daemon's lifecycle (lock, runtime directory, config, persisted watch list),
 * one {@link io.fsmon.monitor.Monitor} per watch feeding one {@link io.fsmon.log.HistoryWriter},
 * the live feed for {@code tail}, and the control socket (server, client, peer credentials).
 * Knows nothing of the command line.
 */
package io.fsmon.daemon;

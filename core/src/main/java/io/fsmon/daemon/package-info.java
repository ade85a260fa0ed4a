/**
 * The service: the daemon's lifecycle (lock, runtime directory, config, persisted watch list),
 * one {@link io.fsmon.monitor.Monitor} per watch feeding one {@link io.fsmon.log.HistoryWriter}
 * (restarted, with a GAP, when it dies), the live feed for {@code tail}, and the control socket
 * (server, client, peer credentials, the bounds on what its clients may cost). The control
 * protocol is typed on both sides: sealed {@link io.fsmon.daemon.Request} and
 * {@link io.fsmon.daemon.Reply} records, one codec ({@link io.fsmon.daemon.ControlCodec}) for their
 * JSON lines, and a {@link io.fsmon.daemon.ControlClient} with one method per request.
 * {@link io.fsmon.daemon.Readings} is its counters read at one moment, for the metrics above it.
 * Knows nothing of the command line nor of metrics formats.
 */
package io.fsmon.daemon;

/**
 * Attribution: who is behind a pid. {@link io.fsmon.proc.ProcFs} reads {@code /proc} from one
 * injectable root through the pure {@link io.fsmon.proc.ProcParsers}; a vanished process is an
 * empty {@code Optional}, never an exception. {@link io.fsmon.proc.ProcessTable} turns that into
 * {@link io.fsmon.event.Actor}s and caches them per process, keyed by pid and start time, so a
 * burst of events costs one read and a reused pid is never taken for the process before it.
 * {@link io.fsmon.proc.UserNames} names the uids.
 *
 * <p>Plain Java over files: no native access here, and no fsmon package but {@code event}.
 */
package io.fsmon.proc;

/**
 * Attribution: who is behind a pid. {@link io.fsmon.proc.ProcConnector} listens to the kernel's
 * process events (fork, exec, exit, comm, uid) on its own thread and counts lost messages through
 * {@link io.fsmon.proc.ProcMessages}; {@link io.fsmon.proc.ProcessTable} keeps one life per
 * process from them, so a process that exited before its event was read is still named and a
 * reused pid is never taken for the process before it; {@link io.fsmon.proc.ExecImages} remembers
 * what fanotify saw each pid exec. The same listener thread reads the comm each process had when
 * it exited (taskstats, decoded by {@link io.fsmon.proc.TaskExitMessages}), which names a process
 * (an actor, or an ancestor in its chain) gone before {@code /proc} could be read after its exec.
 * {@link io.fsmon.proc.ProcFs} reads {@code /proc} from one
 * injectable root through the pure {@link io.fsmon.proc.ProcParsers}; a vanished process is an
 * empty {@code Optional}, never an exception. {@link io.fsmon.proc.ProcLookup} is the fallback
 * without a connector: {@code /proc} read when the event is processed, cached per process.
 * {@link io.fsmon.proc.UserNames} names the uids through NSS.
 *
 * <p>No native access here: the socket and getpwuid_r are bindings in {@code linux}; above
 * that, only {@code event}.
 */
package io.fsmon.proc;

package io.fsmon.proc;

import java.util.Optional;
import java.util.OptionalInt;

/** One read of a process's {@code /proc} files, bracketed by two stat reads of one start time. */
record Snapshot(ProcStat stat, Optional<Status> status, Optional<String> cmd, Optional<String> exe,
                OptionalInt loginUid, Optional<String> container) {

    static Optional<Snapshot> read(ProcFs fs, int pid) {
        Optional<ProcStat> stat = fs.stat(pid); // first: comm is what is most often lost to a quick exit
        if (stat.isEmpty()) {
            return Optional.empty();
        }
        Snapshot s = new Snapshot(stat.get(), fs.status(pid), fs.cmdline(pid), fs.exe(pid),
                fs.loginUid(pid), fs.cgroup(pid));
        Optional<ProcStat> after = fs.stat(pid);
        // Another process took the pid while we read: nothing read can be trusted to be this one's.
        return after.isPresent() && after.get().startTime() != stat.get().startTime()
                ? Optional.empty() : Optional.of(s);
    }

    void fill(Life l) {
        if (stat.ppid() != 0 || l.ppid == null) {
            // The kernel's stat of a task being reaped says ppid 0 (its sighand is gone, while its
            // comm is still there): measured 1 in 3,000 reaps raced by a reader. The fork's parent stands.
            l.ppid = stat.ppid();
        }
        l.comm = stat.comm();
        l.cmd = cmd.orElse(null);
        l.exe = exe.orElse(null);
        status.ifPresent(st -> l.uid = st.uid());
        l.loginUid = loginUid.isPresent() ? loginUid.getAsInt() : null;
        l.container = container.orElse(null);
    }
}

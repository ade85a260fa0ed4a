package io.fsmon.api;

import io.fsmon.daemon.DaemonException;
import io.fsmon.monitor.MonitorException;

/** The internal failures as the API's typed exceptions, their sentences unchanged. */
final class Errors {
    private Errors() {
    }

    static FsmonException of(MonitorException e) {
        String m = e.getMessage();
        return switch (e.reason()) {
            case NOT_PRIVILEGED -> new NotPrivilegedException(m, e);
            case KERNEL_UNSUPPORTED -> new KernelUnsupportedException(m, e);
            case PATH_NOT_FOUND -> new PathNotFoundException(m, e);
            case CANNOT_WATCH -> new CannotWatchException(m, e);
            case RUNTIME -> new FsmonException(m, e);
        };
    }

    static FsmonException of(DaemonException e) {
        String m = e.getMessage();
        return switch (e.reason()) {
            case NOT_RUNNING -> new DaemonNotRunningException(m, e);
            case DENIED -> new DaemonDeniedException(m, e);
            case PATH_NOT_FOUND -> new PathNotFoundException(m, e);
            case CANNOT_WATCH -> new CannotWatchException(m, e);
            case NOT_PRIVILEGED -> new NotPrivilegedException(m, e);
            default -> new FsmonException(m, e);
        };
    }
}

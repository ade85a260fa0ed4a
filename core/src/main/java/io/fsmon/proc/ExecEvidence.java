package io.fsmon.proc;

import java.util.ArrayDeque;

/**
 * What fanotify's exec images and the kernel's exit comm prove about the name a {@link Life} had
 * when it made an event (or, as an ancestor, while its child lived): the reasoning behind {@link ProcessTable}'s names for processes that
 * exited before {@code /proc} could be read. Called under the table's lock.
 */
final class ExecEvidence {

    private ExecEvidence() {
    }

    /**
     * Whether the comm {@code l} exited with was its comm when it made an event read after
     * {@code from}, whose latest exec image at that point is {@code image}. The exit comm is the
     * comm after the life's last exec (the table has applied them all: it saw the exit), so it
     * holds for any event made after that exec:
     * <ul>
     *   <li>the last exec (or the fork) happened before the event's window began;</li>
     *   <li>or fanotify showed the last exec's image before the event (its basename may not be
     *       the comm: {@code /bin/sh} runs {@code dash}, a link elsewhere another name);</li>
     *   <li>or it showed an image of this life named like the exit comm: an earlier exec of
     *       another name would disagree, and one of the same name gives the same comm.</li>
     * </ul>
     */
    static boolean exitCommHolds(Life l, ArrayDeque<Life> lifesOfPid, ExecImages.Image image, long from) {
        if (l.knownSince <= from) {
            return true;
        }
        if (image == null || image.windowStart() > l.exitNanos || !isOfLife(l, lifesOfPid, image)) {
            return false;
        }
        if (image.windowStart() >= l.knownSince || isOfLastExec(l, lifesOfPid, image)) {
            return true;
        }
        return l.exitComm.equals(image.comm());
    }

    /** Whether {@code image} was opened by {@code l}: after its fork, or when no other life of the pid was there. */
    static boolean isOfLife(Life l, ArrayDeque<Life> lifesOfPid, ExecImages.Image image) {
        if (image.windowStart() >= l.forkNanos) {
            return true;
        }
        if (image.readAt() < l.forkNanos) {
            return false;
        }
        for (Life other : lifesOfPid) {
            if (other != l && other.forkNanos <= image.readAt() && other.exitNanos >= image.windowStart()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code image} shows the last exec of {@code l}. Certain when it was opened after the
     * exec before (its window starts later). For the first exec after a fork it is enough that no
     * other life of the pid overlaps the image's window: only {@code l} can have opened it then,
     * and a life opens nothing for execution before it execs. (A failed execve also opens its
     * file; followed by a successful exec from an unwatched filesystem it could misname; rare.)
     */
    static boolean isOfLastExec(Life l, ArrayDeque<Life> lifesOfPid, ExecImages.Image image) {
        if (image.windowStart() >= l.previousExec) {
            return true;
        }
        if (l.previousExec != l.forkNanos || image.readAt() < l.forkNanos) {
            return false;
        }
        for (Life other : lifesOfPid) {
            if (other != l && other.forkNanos <= image.readAt() && other.exitNanos >= image.windowStart()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The comm of ancestor {@code p} while its child {@code c} lived: when {@code /proc} was gone
     * before its last exec could be read, the comm it exited with, if that exec preceded the fork.
     */
    static String ancestorComm(Life p, Life c) {
        if (p.comm == null && p.exitComm != null && p.knownSince <= c.forkNanos) {
            return p.exitComm;
        }
        return p.comm;
    }
}

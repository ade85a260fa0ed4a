package io.fsmon.monitor;

import io.fsmon.event.Actor;

/**
 * The actor of each record of a batch. Records of one process come in runs, so the last answer is
 * kept for the rest of the batch: a burst costs one table lookup, not one per record. Owned by the
 * reader thread.
 */
final class BatchActors {
    private final Attribution actors;
    private int memoPid;
    private Actor memoActor;

    BatchActors(Attribution actors) {
        this.actors = actors;
    }

    /**
     * The actor of {@code pid}. {@code execsLater}: this pid execs later in the batch, so the
     * record came from the program before, while the process table (fed by the connector, which is
     * already past that exec) describes the one after ({@code sh -c 'echo x > f; rm g'}). Only the
     * program's fields are uncertain then, and are left out.
     */
    Actor of(int pid, boolean execsLater) {
        if (pid != memoPid || memoActor == null) {
            memoActor = actors.actorOf(pid);
            memoPid = pid;
        }
        if (execsLater) {
            Actor a = memoActor;
            return new Actor(a.pid(), a.tid(), a.ppid(), null, null, null, a.uid(), a.user(), a.loginUid(),
                    a.loginUser(), a.container(), a.chain());
        }
        return memoActor;
    }

    /** {@code pid} runs a new image: its next records describe another program. */
    void execed(int pid) {
        if (pid == memoPid) {
            memoActor = null;
        }
    }

    /** After each batch: the table may know more by the next one. */
    void batchDone() {
        memoActor = null;
    }
}

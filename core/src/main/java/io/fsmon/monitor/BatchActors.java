package io.fsmon.monitor;

import io.fsmon.event.Actor;

import java.util.Arrays;

/**
 * The actor of each record of a batch. A batch's records come from a few processes, in runs or
 * interleaved (four writers at once), and every record of one process in one batch has the same
 * actor: each process is looked up once per batch, and its records share one {@link Actor}
 * instance, which the JSON writer encodes once. Owned by the reader thread.
 */
final class BatchActors {
    /** Processes remembered per batch; more are looked up again after the oldest is replaced. */
    private static final int SLOTS = 8;

    private final Attribution actors;
    private final int[] pids = new int[SLOTS];
    private final Actor[] known = new Actor[SLOTS];
    private int next;

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
        Actor a = lookup(pid);
        if (execsLater) {
            return new Actor(a.pid(), a.tid(), a.ppid(), null, null, null, a.uid(), a.user(), a.loginUid(),
                    a.loginUser(), a.container(), a.chain());
        }
        return a;
    }

    private Actor lookup(int pid) {
        for (int i = 0; i < SLOTS; i++) {
            if (known[i] != null && pids[i] == pid) {
                return known[i];
            }
        }
        Actor a = actors.actorOf(pid);
        pids[next] = pid;
        known[next] = a;
        next = (next + 1) % SLOTS;
        return a;
    }

    /** {@code pid} runs a new image: its next records describe another program. */
    void execed(int pid) {
        for (int i = 0; i < SLOTS; i++) {
            if (pids[i] == pid) {
                known[i] = null;
            }
        }
    }

    /** After each batch: the table may know more by the next one. */
    void batchDone() {
        Arrays.fill(known, null);
        next = 0;
    }
}

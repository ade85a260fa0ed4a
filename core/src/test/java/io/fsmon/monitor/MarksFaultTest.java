package io.fsmon.monitor;

import io.fsmon.linux.NativeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-directory marking when {@code fanotify_mark} fails, injected at the mark edge (no kernel
 * limit touched): every directory is either marked or counted and named.
 */
class MarksFaultTest {
    @TempDir
    Path tmp;

    /** Lets {@code allowed} marks through, then answers ENOSPC like a full max_user_marks. */
    private static final class Limited implements Marks.MarkCall {
        final List<Integer> marked = new ArrayList<>();
        int allowed;

        Limited(int allowed) {
            this.allowed = allowed;
        }

        @Override
        public void mark(int fanFd, int flags, long mask, int dirFd, byte[] path) throws NativeException {
            if (marked.size() >= allowed) {
                throw new NativeException("fanotify_mark", null, NativeException.ENOSPC);
            }
            marked.add(dirFd);
        }
    }

    @Test
    void directoriesBeyondTheLimitAreCountedNamedAndSaid() throws Exception {
        Path top = tmp.resolve("top");
        for (int i = 0; i < 12; i++) {
            Files.createDirectories(top.resolve("d" + i).resolve("sub"));
        }
        Scope.Root root = new Scope.Root(top.toRealPath().toString(), true, true);
        Limited edge = new Limited(10);
        List<String> later = new ArrayList<>();
        KernelHandles handles = new KernelHandles();
        try (PathResolver resolver = new PathResolver(64, handles)) {
            Marks marks = new Marks(-1, 0, resolver, handles, new Scope(List.of(root)), edge);
            List<String> lines = marks.place(root, MonitorConfig.MarkMode.INODE);
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).endsWith("through 10 inode marks (as asked)");
            assertThat(lines.get(1)).startsWith("NOT watching 15 directories under " + root.path()
                            + " (fanotify_mark: ENOSPC: the limit /proc/sys/fs/fanotify/max_user_marks is reached): ")
                    .endsWith(" and 10 more");
            assertThat(lines.get(1).substring(lines.get(1).indexOf("): ")).split(", ")).hasSize(5);
            assertThat(marks.notMarkedCount()).isEqualTo(15);

            // After start: each new directory that cannot be marked is said, the first few by name.
            marks.warnAfterStart(later::add);
            for (int i = 0; i < 7; i++) {
                Path d = Files.createDirectory(top.resolve("new" + i));
                marks.directoryAppeared(d.toRealPath().toString(), (p, dir) -> { });
            }
            assertThat(marks.notMarkedCount()).isEqualTo(22);
            assertThat(later).hasSize(NotMarked.NAMED);
            assertThat(later.getFirst()).isEqualTo("NOT watching new directory " + root.path() + "/new0"
                    + " (fanotify_mark: ENOSPC: the limit /proc/sys/fs/fanotify/max_user_marks is reached)");
            assertThat(later.getLast()).endsWith("; further ones are only counted (fsmon status)");
            assertThat(marks.notMarkedLine()).startsWith("NOT watching 22 directories in total");

            // Room again: a new directory is marked, the count stays.
            edge.allowed = Integer.MAX_VALUE;
            Path d = Files.createDirectory(top.resolve("roomy"));
            marks.directoryAppeared(d.toRealPath().toString(), (p, dir) -> { });
            assertThat(edge.marked).hasSize(11);
            assertThat(marks.notMarkedCount()).isEqualTo(22);
        }
    }

    @Test
    void aRootThatCannotBeMarkedAtAllFailsTheStart() throws Exception {
        Scope.Root root = new Scope.Root(tmp.toRealPath().toString(), true, true);
        KernelHandles handles = new KernelHandles();
        try (PathResolver resolver = new PathResolver(64, handles)) {
            Marks marks = new Marks(-1, 0, resolver, handles, new Scope(List.of(root)), new Limited(0));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> marks.place(root, MonitorConfig.MarkMode.INODE))
                    .isInstanceOf(MonitorException.class).hasMessageContaining("ENOSPC");
        }
    }
}

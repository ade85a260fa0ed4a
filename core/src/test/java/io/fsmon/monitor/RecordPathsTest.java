package io.fsmon.monitor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paths of recently named files, kept for the records that carry only a file's handle: what
 * they cost. An {@code rm -rf} of a deep tree names every file once, with paths of a thousand
 * characters and more; a copy of the directory's path per file grew the monitor's heap by the
 * megabyte.
 */
class RecordPathsTest {
    private final FakeKernel kernel = new FakeKernel();
    private final PathResolver resolver = new PathResolver(64, kernel);
    private final RecordPaths paths = new RecordPaths(resolver);

    @Test
    void aDirectorysPathIsKeptOnceHoweverManyOfItsFilesAreRemembered() {
        String deep = "/w" + "/l000".repeat(256); // 1,282 characters, as in bench/run.sh's rmrf
        HandleKey dir = kernel.object(deep);
        resolver.learn(dir, deep);
        for (int i = 0; i < 2000; i++) {
            HandleKey f = kernel.object(deep + "/f" + i);
            paths.remember(f, dir, "f" + i);
        }
        HandleKey last = kernel.object(deep + "/g");
        paths.remember(last, dir, "g");
        // Each file adds its name and a few references, not its 1,282-character directory again.
        assertThat(paths.retainedChars()).isLessThan(deep.length() + 2001 * 16L);
        assertThat(paths.of(new RawRecord(0, 1, last, null, null, null, null, null, null), null))
                .isEqualTo(deep + "/g");
        assertThat(kernel.pathAsked).as("known without asking the kernel").isEmpty();
    }

    @Test
    void aRememberedPathIsThePathTheFileHadThenAndFollowsNoLaterRename() {
        HandleKey dir = kernel.object("/w/a");
        resolver.learn(dir, "/w/a");
        HandleKey f = kernel.object("/w/a/f");
        paths.remember(f, dir, "f");
        resolver.renamed(dir, "/w/a", "/w/b");
        assertThat(paths.of(new RawRecord(0, 1, f, null, null, null, null, null, null), null)).isEqualTo("/w/a/f");
    }
}

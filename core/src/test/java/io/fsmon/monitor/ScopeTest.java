package io.fsmon.monitor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScopeTest {
    @Test
    void recursiveNonRecursiveFileAndRoot() {
        Scope s = new Scope(List.of(new Scope.Root("/a/b", true, true), new Scope.Root("/c", true, false),
                new Scope.Root("/f.txt", false, false)));
        assertThat(s.contains("/a/b")).isTrue();
        assertThat(s.contains("/a/b/x/y")).isTrue();
        assertThat(s.contains("/a/bc")).isFalse();
        assertThat(s.contains("/a")).isFalse();
        assertThat(s.contains("/c/x")).isTrue();
        assertThat(s.contains("/c/x/y")).isFalse();
        assertThat(s.contains("/cx")).isFalse();
        assertThat(s.contains("/f.txt")).isTrue();
        assertThat(s.contains("/f.txt/x")).isFalse();
        assertThat(s.contains(null)).isFalse();
        Scope all = new Scope(List.of(new Scope.Root("/", true, true)));
        assertThat(all.contains("/")).isTrue();
        assertThat(all.contains("/x/y")).isTrue();
        Scope top = new Scope(List.of(new Scope.Root("/", true, false)));
        assertThat(top.contains("/x")).isTrue();
        assertThat(top.contains("/x/y")).isFalse();
    }
}

package io.fsmon.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GlobTest {

    @Test
    void starStopsAtSlash() {
        Glob g = Glob.compile("/tmp/*.txt");
        assertThat(g.matches("/tmp/a.txt")).isTrue();
        assertThat(g.matches("/tmp/.txt")).isTrue();
        assertThat(g.matches("/tmp/sub/a.txt")).isFalse();
        assertThat(g.matches("/tmp/a.txt.bak")).isFalse();
    }

    @Test
    void doubleStarCrossesSlashes() {
        Glob g = Glob.compile("/var/**");
        assertThat(g.matches("/var/log/syslog")).isTrue();
        assertThat(g.matches("/var/")).isTrue();
        assertThat(g.matches("/varx/a")).isFalse();
        Glob mid = Glob.compile("/var/**/x.log");
        assertThat(mid.matches("/var/x.log")).isTrue();
        assertThat(mid.matches("/var/a/b/x.log")).isTrue();
        assertThat(mid.matches("/var/a/b/y.log")).isFalse();
        assertThat(Glob.compile("**.log").matches("/a/b.log")).isTrue();
        assertThat(Glob.compile("**/cache/*").matches("/home/u/cache/f")).isTrue();
    }

    @Test
    void questionMarkIsOneCharButNotSlash() {
        Glob g = Glob.compile("/a/?.c");
        assertThat(g.matches("/a/x.c")).isTrue();
        assertThat(g.matches("/a/xy.c")).isFalse();
        assertThat(g.matches("/a/.c")).isFalse();
        assertThat(Glob.compile("/a?b").matches("/a/b")).isFalse();
    }

    @Test
    void patternWithoutSlashMatchesBaseNameAnywhere() {
        Glob g = Glob.compile("*.log");
        assertThat(g.matches("/a/b/c.log")).isTrue();
        assertThat(g.matches("/c.log")).isTrue();
        assertThat(g.matches("/a/c.log/d")).isFalse();
        assertThat(g.matches("/a/xc.logx")).isFalse();
        assertThat(Glob.compile(".git").matches("/p/.git")).isTrue();
        assertThat(Glob.compile(".git").matches("/p/x.git")).isFalse();
    }

    @Test
    void relativePatternWithSlashMatchesTrailingComponents() {
        Glob g = Glob.compile("node_modules/**");
        assertThat(g.matches("/home/u/p/node_modules/x/y.js")).isTrue();
        assertThat(g.matches("/home/u/p/my_node_modules/x")).isFalse();
        assertThat(Glob.compile("build/").matches("/src/build/a.o")).isTrue();
        assertThat(Glob.compile("/tmp/x").matches("/home/tmp/x")).isFalse();
    }

    @Test
    void dotsBracketsAndRegexCharactersAreLiteral() {
        assertThat(Glob.compile("a.b").matches("/axb")).isFalse();
        assertThat(Glob.compile("a.b").matches("/a.b")).isTrue();
        assertThat(Glob.compile("(x)+$^{1}|.txt").matches("/d/(x)+$^{1}|.txt")).isTrue();
        assertThat(Glob.compile("\\Q*\\E").matches("/\\Qabc\\E")).isTrue();
        assertThat(Glob.compile("[[]x]").matches("/[x]")).isTrue();
        assertThat(Glob.compile("[*]").matches("/*")).isTrue();
        assertThat(Glob.compile("[*]").matches("/a")).isFalse();
        assertThat(Glob.compile("*\\xff*").matches("/d/a\\xffb")).isTrue();
    }

    @Test
    void classes() {
        assertThat(Glob.compile("file[0-9].txt").matches("/file7.txt")).isTrue();
        assertThat(Glob.compile("file[0-9].txt").matches("/filex.txt")).isFalse();
        assertThat(Glob.compile("[abc]").matches("/b")).isTrue();
        assertThat(Glob.compile("[!abc]").matches("/b")).isFalse();
        assertThat(Glob.compile("[^abc]").matches("/d")).isTrue();
        assertThat(Glob.compile("[]]").matches("/]")).isTrue();
        assertThat(Glob.compile("[a-]").matches("/-")).isTrue();
        assertThat(Glob.compile("/a[!x]b").matches("/a/b")).isFalse();
        assertThat(Glob.compile("/a[/]b").matches("/a/b")).isFalse();
    }

    @Test
    void pathsWithNewlinesMatch() {
        assertThat(Glob.compile("*").matches("/a\nb")).isTrue();
        assertThat(Glob.compile("/**").matches("/a\n/b")).isTrue();
    }

    @Test
    void malformedPatternsAreRejectedWithAReason() {
        assertThatThrownBy(() -> Glob.compile("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> Glob.compile("a[bc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid glob 'a[bc': unclosed '[' at index 1");
        assertThatThrownBy(() -> Glob.compile("[z-a]")).hasMessageContaining("reversed range 'z-a'");
        assertThatThrownBy(() -> Glob.compile("a***")).hasMessageContaining("'***'");
    }

    @Test
    void keepsItsPatternAndNullNeverMatches() {
        Glob g = Glob.compile("*.log");
        assertThat(g.pattern()).isEqualTo("*.log");
        assertThat(g.matches(null)).isFalse();
        assertThat(g).isEqualTo(Glob.compile("*.log"));
    }

    @Test
    void patternsWithoutMetacharactersMatchAsTheirRegexDoes() {
        Glob name = Glob.compile("rsync");
        assertThat(List.of("rsync", "/usr/bin/rsync", "a/rsync", "/rsync")).allMatch(name::matches);
        assertThat(List.of("xrsync", "rsync2", "/usr/bin/rsync/", "rsync/x", "")).noneMatch(name::matches);
        Glob anchored = Glob.compile("/etc/x.conf");
        assertThat(anchored.matches("/etc/x.conf")).isTrue();
        assertThat(List.of("/a/etc/x.conf", "/etc/xxconf", "etc/x.conf")).noneMatch(anchored::matches);
        Glob relative = Glob.compile("bin/rsync");
        assertThat(List.of("bin/rsync", "/usr/bin/rsync")).allMatch(relative::matches);
        assertThat(List.of("/usr/xbin/rsync", "/usr/bin/rsync2")).noneMatch(relative::matches);
        assertThat(Glob.compile("a\nb").matches("x/a\nb")).isTrue();
    }
}

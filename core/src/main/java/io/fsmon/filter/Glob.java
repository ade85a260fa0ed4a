package io.fsmon.filter;

import io.fsmon.event.FileNames;

import java.util.regex.Pattern;

/**
 * A shell-style glob over fsmon path strings, used by {@code --exclude} and {@code --cmd}.
 *
 * <ul>
 *   <li>{@code *} matches any run of characters except {@code /};</li>
 *   <li>{@code **} matches any run including {@code /}; {@code /**}{@code /} also matches a single
 *       {@code /}, so {@code /var/**}{@code /x.log} matches {@code /var/x.log};</li>
 *   <li>{@code ?} matches one character except {@code /};</li>
 *   <li>{@code [abc]}, {@code [a-z]}, {@code [!abc]} (or {@code [^abc]}) match one character of a
 *       class, never {@code /}; a {@code ]} right after the opening bracket is literal.</li>
 * </ul>
 *
 * <p>Like {@code .gitignore}, a pattern is anchored only when it starts with {@code /}. A pattern
 * without {@code /} matches the base name anywhere ({@code *.log} matches {@code /a/b/c.log}); a
 * relative pattern with {@code /} matches trailing path components anywhere ({@code node_modules/**}
 * matches {@code /home/u/p/node_modules/x/y.js}). A trailing {@code /} means "everything below":
 * {@code build/} is {@code build/**}.
 *
 * <p>There are no backslash escapes: fsmon's path text already uses backslashes for its own
 * escapes ({@code \\} and {@code \xNN}, see {@link FileNames}), so a backslash in a glob is a
 * literal backslash and {@code *\xff*} matches a name holding the invalid byte 0xff. Write a
 * literal metacharacter as a one-character class: {@code [*]}, {@code [?]}, {@code [[]}.
 *
 * <p>The glob is translated once to a precompiled {@link Pattern}; instances are immutable and
 * thread-safe.
 */
public final class Glob {
    private final String pattern;
    private final Pattern regex;
    /**
     * For a pattern without metacharacters, what a match ends with: the pattern itself when it is
     * anchored, else {@code /} and the pattern (a name matches either way); null otherwise. A
     * query tests {@code --cmd rsync} or {@code --ancestor sshd} on hundreds of thousands of names,
     * and a regex matcher per test cost more than the rest of the test.
     */
    private final String suffix;

    private Glob(String pattern, Pattern regex) {
        this.pattern = pattern;
        this.regex = regex;
        boolean plain = !pattern.endsWith("/") && pattern.chars().noneMatch(c -> c == '*' || c == '?' || c == '[');
        this.suffix = !plain ? null : pattern.startsWith("/") ? pattern : "/" + pattern;
    }

    /**
     * Compiles a glob.
     *
     * @throws IllegalArgumentException if the pattern is empty, has an unclosed or empty
     *                                  {@code [} class, a reversed range or a run of three or more {@code *}
     */
    public static Glob compile(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw new IllegalArgumentException("empty glob pattern");
        }
        String p = pattern.endsWith("/") && pattern.length() > 1 ? pattern + "**" : pattern;
        StringBuilder re = new StringBuilder(p.length() * 2 + 8);
        int i = 0;
        if (p.startsWith("**/")) {
            re.append("(?:.*/)?");
            i = 3;
        } else if (p.charAt(0) != '/' && !p.startsWith("**")) {
            re.append("(?:.*/)?"); // unanchored: match at any component boundary
        }
        while (i < p.length()) {
            char c = p.charAt(i);
            switch (c) {
                case '*' -> {
                    int run = 1;
                    while (i + run < p.length() && p.charAt(i + run) == '*') {
                        run++;
                    }
                    if (run > 2) {
                        throw malformed(pattern, "'" + "*".repeat(run) + "' at index " + i + ": use * or **");
                    }
                    if (run == 2 && i > 0 && p.charAt(i - 1) == '/' && i + 2 < p.length() && p.charAt(i + 2) == '/') {
                        re.append("(?:.*/)?"); // "/**/" also matches a single '/'
                        i += 3;
                    } else {
                        re.append(run == 2 ? ".*" : "[^/]*");
                        i += run;
                    }
                }
                case '?' -> {
                    re.append("[^/]");
                    i++;
                }
                case '[' -> i = appendClass(pattern, p, i, re);
                default -> {
                    int j = i;
                    while (j < p.length() && "*?[".indexOf(p.charAt(j)) < 0) {
                        j++;
                    }
                    re.append(Pattern.quote(p.substring(i, j)));
                    i = j;
                }
            }
        }
        return new Glob(pattern, Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    /** Appends the class starting at {@code p[start] == '['}; returns the index after its {@code ]}. */
    private static int appendClass(String original, String p, int start, StringBuilder re) {
        int i = start + 1;
        boolean negate = i < p.length() && (p.charAt(i) == '!' || p.charAt(i) == '^');
        if (negate) {
            i++;
        }
        StringBuilder cls = new StringBuilder();
        boolean first = true;
        while (true) {
            if (i >= p.length()) {
                throw malformed(original, "unclosed '[' at index " + start);
            }
            char c = p.charAt(i);
            if (c == ']' && !first) {
                break;
            }
            first = false;
            if (i + 2 < p.length() && p.charAt(i + 1) == '-' && p.charAt(i + 2) != ']') {
                char hi = p.charAt(i + 2);
                if (hi < c) {
                    throw malformed(original, "reversed range '" + c + "-" + hi + "' at index " + i);
                }
                cls.append(classChar(c)).append('-').append(classChar(hi));
                i += 3;
            } else {
                cls.append(classChar(c));
                i++;
            }
        }
        // a class never matches '/', negated or not, just like '?'
        re.append(negate ? "[^/" : "(?!/)[").append(cls).append(']');
        return i + 1;
    }

    private static String classChar(char c) {
        return Character.isLetterOrDigit(c) ? String.valueOf(c) : String.format("\\x{%x}", (int) c);
    }

    private static IllegalArgumentException malformed(String pattern, String why) {
        return new IllegalArgumentException("invalid glob '" + pattern + "': " + why);
    }

    /** Whether the whole path (or, for an unanchored glob, its trailing components) matches; false for null. */
    public boolean matches(String path) {
        if (path == null) {
            return false;
        }
        if (suffix != null) { // a pattern without metacharacters: the path is it, or (unanchored) ends with '/' and it
            return path.equals(pattern) || suffix.length() > pattern.length() && path.endsWith(suffix);
        }
        return regex.matcher(path).matches();
    }

    /** The pattern as given. */
    public String pattern() {
        return pattern;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Glob g && g.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}

package io.fsmon.event;

/**
 * The process that caused an event, as far as fsmon could learn it. Every field but {@code pid}
 * may be {@code null}: unknown is written as unknown, never guessed.
 *
 * @param pid        the process (thread group) id the kernel reported
 * @param tid        the thread id, when known
 * @param ppid       the parent's pid
 * @param comm       the kernel's short command name (at most 15 bytes)
 * @param cmd        the full command line, arguments joined by spaces
 * @param exe        the executable's path
 * @param uid        the real user id
 * @param user       the user name of {@code uid}
 * @param loginUid   the audit login uid (who logged in, even after sudo)
 * @param loginUser  the user name of {@code loginUid}
 * @param container  the container id, or the cgroup path when not in a container
 * @param chain      the ancestry, parent first, when asked for ({@code --chain}); else null
 */
public record Actor(int pid, Integer tid, Integer ppid, String comm, String cmd, String exe,
                    Integer uid, String user, Integer loginUid, String loginUser, String container,
                    java.util.List<Ancestor> chain) {

    /**
     * One link of an ancestry chain.
     *
     * @param pid  the ancestor's pid
     * @param comm its command name
     * @param user its user's name
     */
    public record Ancestor(int pid, String comm, String user) {
    }

    /**
     * Copies the chain.
     *
     * @param pid        the process (thread group) id the kernel reported
     * @param tid        the thread id, when known
     * @param ppid       the parent's pid
     * @param comm       the kernel's short command name
     * @param cmd        the full command line
     * @param exe        the executable's path
     * @param uid        the real user id
     * @param user       the user name of {@code uid}
     * @param loginUid   the audit login uid
     * @param loginUser  the user name of {@code loginUid}
     * @param container  the container id, or the cgroup path
     * @param chain      the ancestry, parent first, or null
     */
    public Actor {
        chain = chain == null ? null : java.util.List.copyOf(chain);
    }

    /**
     * An actor without an ancestry chain.
     *
     * @param pid        the process (thread group) id the kernel reported
     * @param tid        the thread id, when known
     * @param ppid       the parent's pid
     * @param comm       the kernel's short command name
     * @param cmd        the full command line
     * @param exe        the executable's path
     * @param uid        the real user id
     * @param user       the user name of {@code uid}
     * @param loginUid   the audit login uid
     * @param loginUser  the user name of {@code loginUid}
     * @param container  the container id, or the cgroup path
     */
    public Actor(int pid, Integer tid, Integer ppid, String comm, String cmd, String exe,
                 Integer uid, String user, Integer loginUid, String loginUser, String container) {
        this(pid, tid, ppid, comm, cmd, exe, uid, user, loginUid, loginUser, container, null);
    }

    /**
     * This actor with {@code chain} as its ancestry.
     *
     * @param chain the ancestry, parent first
     * @return a copy with the chain
     */
    public Actor withChain(java.util.List<Ancestor> chain) {
        return new Actor(pid, tid, ppid, comm, cmd, exe, uid, user, loginUid, loginUser, container, chain);
    }

    /**
     * An actor of whom only the pid is known.
     *
     * @param pid the process id
     * @return the actor, every other field null
     */
    public static Actor unknown(int pid) {
        return new Actor(pid, null, null, null, null, null, null, null, null, null, null, null);
    }
}

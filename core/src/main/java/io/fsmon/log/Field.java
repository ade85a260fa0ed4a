package io.fsmon.log;

import com.fasterxml.jackson.core.io.SerializedString;

/**
 * The fields of an event in output order: the JSON keys and the CSV columns are one list, so the
 * two formats cannot drift apart. Public for {@link CanonicalFields}, which names a field of a raw
 * history line by it (the package is not exported from the module).
 */
public enum Field {
    TIME("time"), EVENT_TYPE("event_type"), PATH("path"), OLD_PATH("old_path"),
    PID("pid"), TID("tid"), PPID("ppid"), COMM("comm"), CMD("cmd"), EXE("exe"),
    UID("uid"), USER("user"), LOGIN_UID("login_uid"), LOGIN_USER("login_user"),
    FILE_SIZE("file_size"), SIZE_CHANGE("size_change"), CONTAINER("container"), CHAIN("chain"),
    SINCE("since"), UNTIL("until"), DROPPED("dropped");

    final String key;
    /** The key with its JSON quoting precomputed, for the hot path. */
    final SerializedString json;

    Field(String key) {
        this.key = key;
        this.json = new SerializedString(key);
    }
}

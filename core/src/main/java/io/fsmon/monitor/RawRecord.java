package io.fsmon.monitor;

/**
 * One decoded fanotify record. Names are in fsmon's lossless text form; {@code null} where the
 * record carried no such information.
 *
 * @param mask    the event bits (a set: one record may stand for several events)
 * @param pid     the reporting process (thread group id)
 * @param self    the object's own file id (FID record; the child's with FAN_REPORT_TARGET_FID)
 * @param dir     the directory of a DFID or DFID_NAME record
 * @param name    the name in {@code dir} ("." for the directory itself)
 * @param oldDir  FAN_RENAME: the directory the entry left
 * @param oldName FAN_RENAME: the entry's old name
 * @param newDir  FAN_RENAME: the directory the entry entered
 * @param newName FAN_RENAME: the entry's new name
 */
record RawRecord(long mask, int pid, HandleKey self, HandleKey dir, String name,
                 HandleKey oldDir, String oldName, HandleKey newDir, String newName) {
}

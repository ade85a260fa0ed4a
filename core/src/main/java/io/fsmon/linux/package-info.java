/**
 * Thin bindings to the Linux facilities the JDK lacks (fanotify, file handles, eventfd, poll,
 * readlink, directories read by fd and name bytes), through {@code java.lang.foreign}. The only
 * package that touches FFM. errno is captured per call and travels in
 * {@link io.fsmon.linux.NativeException}.
 */
package io.fsmon.linux;

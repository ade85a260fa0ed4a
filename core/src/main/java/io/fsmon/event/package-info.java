/**
 * The vocabulary of fsmon, exported with its API: {@link io.fsmon.event.FileEvent},
 * {@link io.fsmon.event.EventType}, {@link io.fsmon.event.Actor} (the process and user behind an
 * event), and {@link io.fsmon.event.FileNames}, the lossless text form of file names that are not
 * UTF-8. Imports nothing but the JDK.
 */
package io.fsmon.event;

/**
 * The filter language every command shares: {@link io.fsmon.filter.Glob} patterns over paths and
 * names, {@link io.fsmon.filter.EventFilter} (types, excludes, sizes, actors) and the
 * human sizes of {@link io.fsmon.filter.Sizes}. Internal: the public API offers the same
 * filters through its builders. Imports nothing but the event vocabulary and the JDK.
 */
package io.fsmon.filter;

package io.fsmon.cli;

/**
 * Bad input found while a command runs rather than while picocli parses (a broken config file
 * read for the socket's place): {@link Main} prints its message as one line and exits 2.
 */
final class UsageError extends RuntimeException {
    UsageError(String message) {
        super(message);
    }
}

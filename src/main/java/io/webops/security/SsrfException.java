package io.webops.security;

/**
 * Thrown when an outbound URL or the address it resolves to is refused by the {@link SsrfGuard}.
 * The message names what was refused and why; it never contains credentials or query strings from the URL.
 */
public final class SsrfException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SsrfException(String message) {
        super(message);
    }
}

package io.webops.api;

/** The stable error codes of the API, each with its HTTP status. Part of the contract. */
public enum ErrorCode {
    INVALID_JSON(400),
    INVALID_REQUEST(400),
    VALIDATION_FAILED(422),
    NOT_FOUND(404),
    CONFLICT(409),
    METHOD_NOT_ALLOWED(405),
    TIMEOUT(504),
    INTERNAL(500);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

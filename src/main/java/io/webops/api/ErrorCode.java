package io.webops.api;

/** The stable error codes of the API, each with its HTTP status. Part of the contract. */
public enum ErrorCode {
    INVALID_JSON(400),
    INVALID_REQUEST(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    VALIDATION_FAILED(422),
    NOT_FOUND(404),
    CONFLICT(409),
    METHOD_NOT_ALLOWED(405),
    PAYLOAD_TOO_LARGE(413),
    TOO_MANY_REQUESTS(429),
    UNAVAILABLE(503),
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

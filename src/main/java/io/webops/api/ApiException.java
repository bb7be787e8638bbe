package io.webops.api;

import io.webops.model.ValidationError;
import java.util.List;

/** A failure the API answers as {@code {"error": {"code", "message", "details"}}}. */
public final class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final List<ValidationError> details;

    public ApiException(ErrorCode code, String message) {
        this(code, message, List.of());
    }

    public ApiException(ErrorCode code, String message, List<ValidationError> details) {
        super(message, null, false, false);
        this.code = code;
        this.details = details;
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " '" + id + "' does not exist");
    }

    public ErrorCode code() {
        return code;
    }

    public List<ValidationError> details() {
        return details;
    }
}

package io.webops.transform;

/**
 * A transform could not be compiled or applied. The message always starts with the language name
 * ({@code "JMESPath: "}, {@code "JSONPath: "}, {@code "JSLT: "}) followed by the library's own description of the problem.
 */
public final class TransformException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TransformException(String message) {
        super(message);
    }

    public TransformException(String message, Throwable cause) {
        super(message, cause);
    }
}

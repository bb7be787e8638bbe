package io.webops.expr;

/**
 * Failure to parse or evaluate an {@link Expression} or {@link Template}.
 *
 * <p>The message names the problem and, when known, the 0-based character offset in the source,
 * e.g. {@code "unexpected ')' at 14"} or {@code "unknown function 'foo' at 3; allowed: len, lower, ..."}.
 * For templates the offset is relative to the template source.
 */
public final class ExpressionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String problem;
    private final String detail;
    private final int position;

    ExpressionException(String problem, int position) {
        this(problem, position, null, null);
    }

    ExpressionException(String problem, int position, String detail, Throwable cause) {
        super(message(problem, position, detail), cause);
        this.problem = problem;
        this.detail = detail;
        this.position = position;
    }

    private static String message(String problem, int position, String detail) {
        StringBuilder sb = new StringBuilder(problem);
        if (position >= 0) {
            sb.append(" at ").append(position);
        }
        if (detail != null) {
            sb.append("; ").append(detail);
        }
        return sb.toString();
    }

    /** 0-based character offset in the source where the problem was found, or -1 if not applicable. */
    public int position() {
        return position;
    }
}

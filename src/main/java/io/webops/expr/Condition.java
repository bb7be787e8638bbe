package io.webops.expr;

/**
 * A compiled condition, in the product's expression language ({@link Expression}) or in JSONata; immutable and safe
 * to test from many threads at once.
 */
public interface Condition {

    /** Whether the condition holds over {@code vars} ({@code data}, {@code nodes}, {@code trigger}, ...). */
    boolean test(Vars vars);

    /** The condition as written. */
    String source();
}

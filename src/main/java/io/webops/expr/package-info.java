/**
 * Safe condition expressions and string templates over Jackson {@code JsonNode} values.
 *
 * <ul>
 *   <li>{@link io.webops.expr.Expression}: a small Python-like expression language (paths, comparisons,
 *       boolean logic, arithmetic, a fixed whitelist of pure functions). Parse once, evaluate many times.</li>
 *   <li>{@link io.webops.expr.Template}: {@code {{ expr }}} placeholders, plus optional {@code ${a.b}} and
 *       {@code {a.b}} path placeholders; {@link io.webops.expr.Template#renderDeep} renders a whole JSON config.</li>
 *   <li>{@link io.webops.expr.Vars}: where root names ({@code data}, {@code nodes}, {@code trigger},
 *       {@code execution}, {@code item}, ...) come from.</li>
 * </ul>
 *
 * <p>Security model: evaluation only reads the JsonNode trees handed in through {@code Vars}. There is no access to
 * environment variables, system properties, reflection, Java objects or I/O anywhere in this package, and rendered
 * output is never interpreted again. Every input is bounded (source length, nesting depth, evaluation steps,
 * produced sizes; see {@link io.webops.expr.Expression}), and the only exception that escapes parsing or
 * evaluation is {@link io.webops.expr.ExpressionException}. This package does not depend on Camel.
 */
package io.webops.expr;

package io.webops.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.impl.DotExpression;
import com.schibsted.spt.data.jslt.impl.ExpressionNode;
import com.schibsted.spt.data.jslt.impl.FunctionDeclaration;
import com.schibsted.spt.data.jslt.impl.Location;
import com.schibsted.spt.data.jslt.impl.MultiplyOperator;
import com.schibsted.spt.data.jslt.impl.NodeUtils;
import com.schibsted.spt.data.jslt.impl.PlusOperator;
import com.schibsted.spt.data.jslt.impl.PreparationContext;
import com.schibsted.spt.data.jslt.impl.Scope;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes JSLT queries run within the {@link WorkLimits} of the work on their thread: the arrays and objects they build
 * count their size ({@link BoundedNodes}, set as the node factory of JSLT's shared mapper), string {@code +} and
 * {@code *} check the length of what they are about to build, and every call of a function the query declares (the
 * only way JSLT loops without building arrays) looks at the clock. JSLT offers no hook for the last two, so once a
 * query is compiled its operators and function bodies are swapped in the expression tree by reflection on JSLT's
 * internals (0.1.14, the version Camel brings); RunawayNodeTest fails if an upgrade moves them.
 */
final class JsltLimits {

    private JsltLimits() {
    }

    /** Builds JSLT's arrays and objects with {@link BoundedNodes}; once, before any query runs. */
    static void install() {
        NodeUtils.mapper.setNodeFactory(BoundedNodes.FACTORY);
    }

    /** The compiled query, its operators and declared functions bounded. */
    static Expression bound(Expression compiled) {
        try {
            visit(compiled, Collections.newSetFromMap(new IdentityHashMap<>()));
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException("JSLT's expression tree is not as expected (" + e + "); a query could not "
                    + "be held to its node's limits", e);
        }
        return compiled;
    }

    private static void visit(Object node, Set<Object> seen) throws IllegalAccessException {
        if (node == null || !seen.add(node)) {
            return;
        }
        for (Class<?> c = node.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                Class<?> type = f.getType();
                if (ExpressionNode.class.isAssignableFrom(type)) {
                    f.setAccessible(true);
                    Object child = f.get(node);
                    Object bounded = bounded(child, node, f);
                    if (bounded != child) {
                        f.set(node, bounded);
                    }
                    visit(bounded, seen);
                } else if (type.isArray() && ExpressionNode.class.isAssignableFrom(type.getComponentType())) {
                    f.setAccessible(true);
                    Object[] children = (Object[]) f.get(node);
                    for (int i = 0; children != null && i < children.length; i++) {
                        Object bounded = bounded(children[i], node, f);
                        if (bounded != children[i]) {
                            children[i] = bounded;
                        }
                        visit(bounded, seen);
                    }
                } else if (Map.class.isAssignableFrom(type)) { // the query's declared functions
                    f.setAccessible(true);
                    Map<?, ?> map = (Map<?, ?>) f.get(node);
                    if (map != null) {
                        for (Object value : map.values()) {
                            if (value instanceof ExpressionNode) {
                                visit(value, seen);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The bounded stand-in of an operator or a function's body, or the node itself. */
    private static Object bounded(Object child, Object parent, Field field) {
        if (child == null) {
            return null;
        }
        if (parent instanceof FunctionDeclaration && field.getName().equals("body") && !(child instanceof Ticking)) {
            return new Ticking((ExpressionNode) child);
        }
        if (child.getClass() == PlusOperator.class) {
            PlusOperator plus = (PlusOperator) child;
            return new BoundedPlus(plus.getLeft(), plus.getRight(), plus.getLocation());
        }
        if (child.getClass() == MultiplyOperator.class) {
            MultiplyOperator times = (MultiplyOperator) child;
            return new BoundedTimes(times.getLeft(), times.getRight(), times.getLocation());
        }
        return child;
    }

    /** The length of a value as text, as {@code +} would write it. */
    private static long textLength(JsonNode value) {
        return value.isTextual() ? value.textValue().length() : BoundedNodes.sizeOf(value);
    }

    /** {@code +}: a string is checked before it is built (arrays and objects check themselves). */
    static final class BoundedPlus extends PlusOperator {

        BoundedPlus(ExpressionNode left, ExpressionNode right, Location location) {
            super(left, right, location);
        }

        @Override
        public JsonNode perform(JsonNode v1, JsonNode v2) {
            WorkLimits limits = WorkLimits.current();
            if (limits != null && (v1.isTextual() || v2.isTextual())) {
                long length = textLength(v1) + textLength(v2);
                limits.holds(length + 2);
                limits.built(length);
            } else if (limits != null) {
                limits.tick();
            }
            return super.perform(v1, v2);
        }
    }

    /** {@code *}: a repeated string is checked before it is built. */
    static final class BoundedTimes extends MultiplyOperator {

        BoundedTimes(ExpressionNode left, ExpressionNode right, Location location) {
            super(left, right, location);
        }

        @Override
        public JsonNode perform(JsonNode v1, JsonNode v2) {
            WorkLimits limits = WorkLimits.current();
            if (limits != null && (v1.isTextual() ^ v2.isTextual())) {
                JsonNode text = v1.isTextual() ? v1 : v2;
                long times = Math.max(0, (v1.isTextual() ? v2 : v1).intValue());
                long length = text.textValue().length() * times;
                limits.holds(length + 2);
                limits.built(length);
            } else if (limits != null) {
                limits.tick();
            }
            return super.perform(v1, v2);
        }
    }

    /** A declared function's body: each call looks at the clock now and then (recursion is JSLT's only loop). */
    static final class Ticking implements ExpressionNode {

        private ExpressionNode body; // not final: its operators are bounded after it is made

        Ticking(ExpressionNode body) {
            this.body = body;
        }

        @Override
        public JsonNode apply(Scope scope, JsonNode input) {
            WorkLimits limits = WorkLimits.current();
            if (limits != null) {
                limits.tick();
            }
            return body.apply(scope, input);
        }

        @Override
        public void dump(int level) {
            body.dump(level);
        }

        @Override
        public void computeMatchContexts(DotExpression parent) {
            body.computeMatchContexts(parent);
        }

        @Override
        public void prepare(PreparationContext ctx) {
            body.prepare(ctx);
        }

        @Override
        public ExpressionNode optimize() {
            return this;
        }

        @Override
        public List<ExpressionNode> getChildren() {
            return List.of(body);
        }
    }
}

package io.webops.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.Set;

/**
 * AST of a parsed expression. Operator chains of one precedence level are flat (n-ary) so the tree depth
 * follows the syntactic nesting depth, which the parser bounds; evaluation therefore cannot overflow the stack.
 */
abstract class Node {

    final int pos;

    Node(int pos) {
        this.pos = pos;
    }

    /** Never returns Java null; JSON null is {@link NullNode#instance}. */
    abstract JsonNode eval(EvalContext c);

    abstract void roots(Set<String> out);

    // ---------------------------------------------------------------- leaves

    static final class Literal extends Node {
        final JsonNode value;

        Literal(int pos, JsonNode value) {
            super(pos);
            this.value = value;
        }

        @Override
        JsonNode eval(EvalContext c) {
            c.step();
            return value;
        }

        @Override
        void roots(Set<String> out) {
        }
    }

    /** Root variable. Non-reserved names that are unknown to Vars fall back to {@code data.<name>}. */
    static final class Name extends Node {
        final String name;
        final boolean fallbackToData;

        Name(int pos, String name, boolean fallbackToData) {
            super(pos);
            this.name = name;
            this.fallbackToData = fallbackToData;
        }

        @Override
        JsonNode eval(EvalContext c) {
            c.step();
            JsonNode v = c.vars.lookup(name);
            if ((v == null || v.isMissingNode()) && fallbackToData) {
                return Json.member(Json.norm(c.vars.lookup("data")), name, c);
            }
            return Json.norm(v);
        }

        @Override
        void roots(Set<String> out) {
            out.add(name);
            if (fallbackToData) {
                out.add("data");
            }
        }
    }

    static final class ListLit extends Node {
        final Node[] items;

        ListLit(int pos, Node[] items) {
            super(pos);
            this.items = items;
        }

        @Override
        JsonNode eval(EvalContext c) {
            c.step();
            ArrayNode out = Json.F.arrayNode(items.length);
            for (Node item : items) {
                out.add(item.eval(c));
            }
            return out;
        }

        @Override
        void roots(Set<String> out) {
            for (Node item : items) {
                item.roots(out);
            }
        }
    }

    // ---------------------------------------------------------------- access

    /** {@code base.a[expr].b ...}: a flat chain of member/index accessors. */
    static final class Path extends Node {
        final Node base;
        /** For each accessor either a member name (then {@code indexes[k] == null}) or an index expression. */
        final String[] members;
        final Node[] indexes;

        Path(int pos, Node base, String[] members, Node[] indexes) {
            super(pos);
            this.base = base;
            this.members = members;
            this.indexes = indexes;
        }

        @Override
        JsonNode eval(EvalContext c) {
            JsonNode v = base.eval(c);
            for (int k = 0; k < members.length; k++) {
                c.step();
                if (indexes[k] == null) {
                    v = Json.member(v, members[k], c);
                } else {
                    v = Json.index(v, indexes[k].eval(c), c);
                }
            }
            return v;
        }

        @Override
        void roots(Set<String> out) {
            base.roots(out);
            for (Node idx : indexes) {
                if (idx != null) {
                    idx.roots(out);
                }
            }
        }
    }

    static final class Call extends Node {
        final Functions.Fn fn;
        final Node[] args;

        Call(int pos, Functions.Fn fn, Node[] args) {
            super(pos);
            this.fn = fn;
            this.args = args;
        }

        @Override
        JsonNode eval(EvalContext c) {
            c.step();
            JsonNode[] values = new JsonNode[args.length];
            for (int k = 0; k < args.length; k++) {
                values[k] = args[k].eval(c);
            }
            return Functions.apply(fn, values, pos, c);
        }

        @Override
        void roots(Set<String> out) {
            for (Node a : args) {
                a.roots(out);
            }
        }
    }

    // ---------------------------------------------------------------- operators

    static final class Not extends Node {
        final Node operand;

        Not(int pos, Node operand) {
            super(pos);
            this.operand = operand;
        }

        @Override
        JsonNode eval(EvalContext c) {
            c.step();
            return Json.bool(!Json.truthy(operand.eval(c)));
        }

        @Override
        void roots(Set<String> out) {
            operand.roots(out);
        }
    }

    static final class Neg extends Node {
        final Node operand;
        final boolean plus;

        Neg(int pos, Node operand, boolean plus) {
            super(pos);
            this.operand = operand;
            this.plus = plus;
        }

        @Override
        JsonNode eval(EvalContext c) {
            c.step();
            JsonNode v = operand.eval(c);
            if (plus) {
                if (!v.isNumber()) {
                    throw new ExpressionException("bad operand type for unary +: " + Json.typeName(v), pos);
                }
                return v;
            }
            return Json.negate(v, pos);
        }

        @Override
        void roots(Set<String> out) {
            operand.roots(out);
        }
    }

    /** {@code a and b and c} / {@code a or b or c}: Python semantics, returns the deciding operand. */
    static final class Logic extends Node {
        final boolean and;
        final Node[] operands;

        Logic(int pos, boolean and, Node[] operands) {
            super(pos);
            this.and = and;
            this.operands = operands;
        }

        @Override
        JsonNode eval(EvalContext c) {
            c.step();
            JsonNode v = operands[0].eval(c);
            for (int k = 1; k < operands.length; k++) {
                if (Json.truthy(v) != and) {
                    return v;
                }
                v = operands[k].eval(c);
            }
            return v;
        }

        @Override
        void roots(Set<String> out) {
            for (Node o : operands) {
                o.roots(out);
            }
        }
    }

    static final int EQ = 0;
    static final int NE = 1;
    static final int LT = 2;
    static final int LE = 3;
    static final int GT = 4;
    static final int GE = 5;
    static final int IN = 6;
    static final int NOT_IN = 7;

    /** {@code a < b <= c ...}: chained comparison, each middle operand evaluated once, short-circuit. */
    static final class Compare extends Node {
        final Node[] operands;
        final int[] ops;

        Compare(int pos, Node[] operands, int[] ops) {
            super(pos);
            this.operands = operands;
            this.ops = ops;
        }

        @Override
        JsonNode eval(EvalContext c) {
            JsonNode left = operands[0].eval(c);
            for (int k = 0; k < ops.length; k++) {
                c.step();
                JsonNode right = operands[k + 1].eval(c);
                if (!test(ops[k], left, right, c)) {
                    return BooleanNode.FALSE;
                }
                left = right;
            }
            return BooleanNode.TRUE;
        }

        private static boolean test(int op, JsonNode a, JsonNode b, EvalContext c) {
            switch (op) {
                case EQ: return Json.equal(a, b, c);
                case NE: return !Json.equal(a, b, c);
                case IN: return Json.contains(b, a, c);
                case NOT_IN: return !Json.contains(b, a, c);
                default: {
                    int r = Json.order(a, b, c);
                    if (r == Integer.MIN_VALUE) {
                        return false;
                    }
                    switch (op) {
                        case LT: return r < 0;
                        case LE: return r <= 0;
                        case GT: return r > 0;
                        default: return r >= 0;
                    }
                }
            }
        }

        @Override
        void roots(Set<String> out) {
            for (Node o : operands) {
                o.roots(out);
            }
        }
    }

    /** {@code a + b - c} or {@code a * b / c % d}: left-associative chain of one precedence level. */
    static final class Arith extends Node {
        final Node[] operands;
        final int[] ops;
        final int[] opPos;

        Arith(int pos, Node[] operands, int[] ops, int[] opPos) {
            super(pos);
            this.operands = operands;
            this.ops = ops;
            this.opPos = opPos;
        }

        @Override
        JsonNode eval(EvalContext c) {
            JsonNode v = operands[0].eval(c);
            for (int k = 0; k < ops.length; k++) {
                c.step();
                v = Json.arith(ops[k], v, operands[k + 1].eval(c), opPos[k], c);
            }
            return v;
        }

        @Override
        void roots(Set<String> out) {
            for (Node o : operands) {
                o.roots(out);
            }
        }
    }
}

package io.webops.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import io.webops.expr.Lexer.T;
import io.webops.expr.Lexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser with Python precedence (lowest first):
 * {@code or}, {@code and}, {@code not}, comparisons ({@code == != < <= > >= in, not in, is, is not}, chainable),
 * {@code + -}, {@code * / // %}, unary {@code - +}, postfix ({@code .name}, {@code [expr]}), primary.
 * Every level of syntactic nesting (parentheses, brackets, call arguments, unary operators) counts towards
 * {@link Expression#MAX_DEPTH}, so the parser's own recursion is bounded.
 */
final class Parser {

    /** Root names that never fall back to {@code data.<name>}. */
    static final Set<String> RESERVED_ROOTS = Set.of("data", "nodes", "trigger", "execution", "item");

    private final List<Token> tokens;
    private int p;
    /** Nesting depth; the top-level expression is level 0, each nested expression or unary operator adds one. */
    private int depth = -1;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Node parse(String src, int offset) {
        Parser parser = new Parser(Lexer.tokenize(src, offset));
        if (parser.peek().type == T.EOF) {
            throw new ExpressionException("empty expression", parser.peek().pos);
        }
        Node n = parser.expression();
        Token t = parser.peek();
        if (t.type != T.EOF) {
            throw unexpected(t);
        }
        return n;
    }

    // ---------------------------------------------------------------- helpers

    private Token peek() {
        return tokens.get(p);
    }

    private Token peek(int ahead) {
        int k = Math.min(p + ahead, tokens.size() - 1);
        return tokens.get(k);
    }

    private Token next() {
        Token t = tokens.get(p);
        if (t.type != T.EOF) {
            p++;
        }
        return t;
    }

    private boolean accept(T type) {
        if (peek().type == type) {
            p++;
            return true;
        }
        return false;
    }

    private Token expect(T type, String what) {
        Token t = peek();
        if (t.type != type) {
            throw new ExpressionException("expected " + what + " but found " + t.describe(), t.pos);
        }
        return next();
    }

    private static ExpressionException unexpected(Token t) {
        if (t.type == T.EOF) {
            return new ExpressionException("unexpected end of expression", t.pos);
        }
        return new ExpressionException("unexpected " + t.describe(), t.pos);
    }

    private void enter(Token at) {
        if (++depth > Expression.MAX_DEPTH) {
            throw new ExpressionException("expression nested too deeply (max " + Expression.MAX_DEPTH + " levels)", at.pos);
        }
    }

    private void leave() {
        depth--;
    }

    // ---------------------------------------------------------------- grammar

    private Node expression() {
        enter(p > 0 ? tokens.get(p - 1) : peek()); // report at the opening '(' / '[' / ','
        Node n = or();
        leave();
        return n;
    }

    private Node or() {
        Token start = peek();
        Node first = and();
        if (peek().type != T.OR) {
            return first;
        }
        List<Node> operands = new ArrayList<>();
        operands.add(first);
        while (accept(T.OR)) {
            operands.add(and());
        }
        return new Node.Logic(start.pos, false, operands.toArray(new Node[0]));
    }

    private Node and() {
        Token start = peek();
        Node first = not();
        if (peek().type != T.AND) {
            return first;
        }
        List<Node> operands = new ArrayList<>();
        operands.add(first);
        while (accept(T.AND)) {
            operands.add(not());
        }
        return new Node.Logic(start.pos, true, operands.toArray(new Node[0]));
    }

    private Node not() {
        Token t = peek();
        if (t.type == T.NOT) {
            next();
            enter(t);
            Node operand = not();
            leave();
            return new Node.Not(t.pos, operand);
        }
        return comparison();
    }

    private Node comparison() {
        Token start = peek();
        Node first = additive();
        int op = comparisonOp();
        if (op < 0) {
            return first;
        }
        List<Node> operands = new ArrayList<>();
        List<Integer> ops = new ArrayList<>();
        operands.add(first);
        while (op >= 0) {
            ops.add(op);
            operands.add(additive());
            op = comparisonOp();
        }
        int[] opArr = new int[ops.size()];
        for (int k = 0; k < opArr.length; k++) {
            opArr[k] = ops.get(k);
        }
        return new Node.Compare(start.pos, operands.toArray(new Node[0]), opArr);
    }

    /** Consumes a comparison operator and returns its code, or returns -1 and consumes nothing. */
    private int comparisonOp() {
        Token t = peek();
        switch (t.type) {
            case EQ: next(); return Node.EQ;
            case NE: next(); return Node.NE;
            case LT: next(); return Node.LT;
            case LE: next(); return Node.LE;
            case GT: next(); return Node.GT;
            case GE: next(); return Node.GE;
            case IN: next(); return Node.IN;
            case NOT:
                if (peek(1).type == T.IN) {
                    next();
                    next();
                    return Node.NOT_IN;
                }
                return -1;
            case IS:
                next();
                if (accept(T.NOT)) {
                    return Node.NE;
                }
                return Node.EQ;
            default:
                return -1;
        }
    }

    private Node additive() {
        Token start = peek();
        Node first = multiplicative();
        T t = peek().type;
        if (t != T.PLUS && t != T.MINUS) {
            return first;
        }
        List<Node> operands = new ArrayList<>();
        List<Token> opTokens = new ArrayList<>();
        operands.add(first);
        while (peek().type == T.PLUS || peek().type == T.MINUS) {
            opTokens.add(next());
            operands.add(multiplicative());
        }
        return arith(start, operands, opTokens);
    }

    private Node multiplicative() {
        Token start = peek();
        Node first = unary();
        if (!isMulOp(peek().type)) {
            return first;
        }
        List<Node> operands = new ArrayList<>();
        List<Token> opTokens = new ArrayList<>();
        operands.add(first);
        while (isMulOp(peek().type)) {
            opTokens.add(next());
            operands.add(unary());
        }
        return arith(start, operands, opTokens);
    }

    private static boolean isMulOp(T t) {
        return t == T.STAR || t == T.SLASH || t == T.DSLASH || t == T.PERCENT;
    }

    private static Node arith(Token start, List<Node> operands, List<Token> opTokens) {
        int[] ops = new int[opTokens.size()];
        int[] opPos = new int[opTokens.size()];
        for (int k = 0; k < ops.length; k++) {
            Token t = opTokens.get(k);
            opPos[k] = t.pos;
            switch (t.type) {
                case PLUS: ops[k] = Json.ADD; break;
                case MINUS: ops[k] = Json.SUB; break;
                case STAR: ops[k] = Json.MUL; break;
                case SLASH: ops[k] = Json.DIV; break;
                case DSLASH: ops[k] = Json.FLOORDIV; break;
                default: ops[k] = Json.MOD; break;
            }
        }
        return new Node.Arith(start.pos, operands.toArray(new Node[0]), ops, opPos);
    }

    private Node unary() {
        Token t = peek();
        if (t.type == T.MINUS || t.type == T.PLUS) {
            next();
            enter(t);
            Node operand = unary();
            leave();
            if (t.type == T.MINUS && operand instanceof Node.Literal && ((Node.Literal) operand).value.isNumber()) {
                JsonNode v = ((Node.Literal) operand).value;
                // constant-fold negative number literals (a[-1] is common)
                JsonNode neg = Json.isLong(v) ? Json.num(-v.longValue()) : DoubleNode.valueOf(-v.doubleValue());
                return new Node.Literal(t.pos, neg);
            }
            return new Node.Neg(t.pos, operand, t.type == T.PLUS);
        }
        return postfix();
    }

    private Node postfix() {
        Token start = peek();
        Node base = primary();
        List<String> members = null;
        List<Node> indexes = null;
        while (true) {
            Token t = peek();
            if (t.type == T.DOT) {
                next();
                Token name = peek();
                if (!name.word) {
                    throw new ExpressionException("expected a name after '.' but found " + name.describe(), name.pos);
                }
                next();
                if (members == null) {
                    members = new ArrayList<>();
                    indexes = new ArrayList<>();
                }
                members.add(name.text);
                indexes.add(null);
                if (peek().type == T.LPAREN) {
                    throw new ExpressionException("method calls are not supported ('" + name.text
                            + "(...)'); use one of the functions: " + Functions.ALLOWED, peek().pos);
                }
            } else if (t.type == T.LBRACK) {
                next();
                Node idx = expression();
                expect(T.RBRACK, "']'");
                if (members == null) {
                    members = new ArrayList<>();
                    indexes = new ArrayList<>();
                }
                members.add(null);
                indexes.add(idx);
            } else if (t.type == T.LPAREN) {
                throw new ExpressionException("only the allowed functions can be called", t.pos,
                        "allowed: " + Functions.ALLOWED, null);
            } else {
                break;
            }
        }
        if (members == null) {
            return base;
        }
        return new Node.Path(start.pos, base, members.toArray(new String[0]), indexes.toArray(new Node[0]));
    }

    private Node primary() {
        Token t = peek();
        switch (t.type) {
            case NUM:
            case STR:
            case TRUE:
            case FALSE:
            case NULL:
                next();
                return new Node.Literal(t.pos, t.value);
            case IDENT:
                next();
                if (peek().type == T.LPAREN) {
                    return call(t);
                }
                return new Node.Name(t.pos, t.text, !RESERVED_ROOTS.contains(t.text));
            case LPAREN: {
                next();
                Node inner = expression();
                expect(T.RPAREN, "')'");
                return inner;
            }
            case LBRACK: {
                next();
                List<Node> items = new ArrayList<>();
                while (peek().type != T.RBRACK) {
                    items.add(expression());
                    if (!accept(T.COMMA)) {
                        break;
                    }
                }
                expect(T.RBRACK, "']' or ','");
                return new Node.ListLit(t.pos, items.toArray(new Node[0]));
            }
            default:
                throw unexpected(t);
        }
    }

    private Node call(Token name) {
        Functions.Fn fn = Functions.lookup(name.text);
        if (fn == null) {
            throw new ExpressionException("unknown function '" + name.text + "'", name.pos,
                    "allowed: " + Functions.ALLOWED, null);
        }
        next(); // '('
        List<Node> args = new ArrayList<>();
        while (peek().type != T.RPAREN) {
            args.add(expression());
            if (!accept(T.COMMA)) {
                break;
            }
        }
        expect(T.RPAREN, "')' or ','");
        if (args.size() < fn.minArgs || args.size() > fn.maxArgs) {
            String expected = fn.minArgs == fn.maxArgs ? String.valueOf(fn.minArgs)
                    : fn.minArgs + " to " + fn.maxArgs;
            throw new ExpressionException("function '" + fn.fname + "' takes " + expected
                    + " argument(s), got " + args.size(), name.pos);
        }
        return new Node.Call(name.pos, fn, args.toArray(new Node[0]));
    }
}

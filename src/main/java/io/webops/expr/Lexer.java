package io.webops.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.List;

/** Turns expression source into tokens. Hand-written, no regex. */
final class Lexer {

    enum T {
        NUM, STR, IDENT,
        LPAREN, RPAREN, LBRACK, RBRACK, COMMA, DOT,
        PLUS, MINUS, STAR, SLASH, DSLASH, PERCENT,
        EQ, NE, LT, LE, GT, GE,
        AND, OR, NOT, IN, IS, TRUE, FALSE, NULL,
        EOF
    }

    static final class Token {
        final T type;
        final int pos;      // absolute offset (including any template offset)
        final String text;  // source text of the token
        final JsonNode value; // literal value for NUM/STR/TRUE/FALSE/NULL
        final boolean word; // identifier-shaped (identifier or keyword): usable after '.'

        Token(T type, int pos, String text, JsonNode value, boolean word) {
            this.type = type;
            this.pos = pos;
            this.text = text;
            this.value = value;
            this.word = word;
        }

        String describe() {
            if (type == T.EOF) {
                return "end of expression";
            }
            return "'" + text + "'";
        }
    }

    private final String src;
    private final int offset;
    private int i;

    private Lexer(String src, int offset) {
        this.src = src;
        this.offset = offset;
    }

    static List<Token> tokenize(String src, int offset) {
        return new Lexer(src, offset).run();
    }

    private ExpressionException error(String problem, int at) {
        return new ExpressionException(problem, at + offset);
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        int n = src.length();
        while (true) {
            while (i < n && isSpace(src.charAt(i))) {
                i++;
            }
            if (i >= n) {
                out.add(new Token(T.EOF, n + offset, "", null, false));
                return out;
            }
            int start = i;
            char c = src.charAt(i);
            if (isIdentStart(c)) {
                while (i < n && isIdentPart(src.charAt(i))) {
                    i++;
                }
                String w = src.substring(start, i);
                out.add(word(w, start));
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(src.charAt(i + 1))
                    && !(out.size() > 0 && endsOperand(out.get(out.size() - 1))))) {
                out.add(number(start));
            } else if (c == '\'' || c == '"') {
                out.add(string(start, c));
            } else {
                out.add(symbol(start, c));
            }
        }
    }

    /** After an operand, '.5' is member access (an error later), not a number. */
    private static boolean endsOperand(Token t) {
        return t.type == T.IDENT || t.type == T.RPAREN || t.type == T.RBRACK || t.type == T.STR || t.type == T.NUM
                || t.type == T.TRUE || t.type == T.FALSE || t.type == T.NULL;
    }

    private Token word(String w, int start) {
        int pos = start + offset;
        switch (w) {
            case "and": return new Token(T.AND, pos, w, null, true);
            case "or": return new Token(T.OR, pos, w, null, true);
            case "not": return new Token(T.NOT, pos, w, null, true);
            case "in": return new Token(T.IN, pos, w, null, true);
            case "is": return new Token(T.IS, pos, w, null, true);
            case "true":
            case "True": return new Token(T.TRUE, pos, w, BooleanNode.TRUE, true);
            case "false":
            case "False": return new Token(T.FALSE, pos, w, BooleanNode.FALSE, true);
            case "null":
            case "None": return new Token(T.NULL, pos, w, NullNode.instance, true);
            default: return new Token(T.IDENT, pos, w, null, true);
        }
    }

    private Token number(int start) {
        int n = src.length();
        boolean decimal = false;
        while (i < n && isDigit(src.charAt(i))) {
            i++;
        }
        if (i < n && src.charAt(i) == '.' && i + 1 < n && isDigit(src.charAt(i + 1))) {
            decimal = true;
            i++;
            while (i < n && isDigit(src.charAt(i))) {
                i++;
            }
        }
        if (i < n && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
            int save = i;
            i++;
            if (i < n && (src.charAt(i) == '+' || src.charAt(i) == '-')) {
                i++;
            }
            if (i < n && isDigit(src.charAt(i))) {
                decimal = true;
                while (i < n && isDigit(src.charAt(i))) {
                    i++;
                }
            } else {
                i = save;
            }
        }
        if (i < n && (isIdentPart(src.charAt(i)))) {
            throw error("invalid number '" + src.substring(start, Math.min(n, i + 1)) + "'", start);
        }
        String text = src.substring(start, i);
        JsonNode value;
        if (!decimal) {
            long v = 0;
            boolean overflow = false;
            for (int k = 0; k < text.length(); k++) {
                int d = text.charAt(k) - '0';
                if (v > (Long.MAX_VALUE - d) / 10) {
                    overflow = true;
                    break;
                }
                v = v * 10 + d;
            }
            if (overflow) {
                throw error("integer literal too large '" + text + "'", start);
            }
            value = Json.num(v);
        } else {
            double d = Double.parseDouble(text);
            if (Double.isInfinite(d)) {
                throw error("number literal out of range '" + text + "'", start);
            }
            value = DoubleNode.valueOf(d);
        }
        return new Token(T.NUM, start + offset, text, value, false);
    }

    private Token string(int start, char quote) {
        int n = src.length();
        StringBuilder sb = new StringBuilder();
        i++;
        while (true) {
            if (i >= n) {
                throw error("unterminated string literal", start);
            }
            char c = src.charAt(i);
            if (c == quote) {
                i++;
                break;
            }
            if (c == '\\') {
                if (i + 1 >= n) {
                    throw error("unterminated string literal", start);
                }
                char e = src.charAt(i + 1);
                switch (e) {
                    case '\\': sb.append('\\'); break;
                    case '\'': sb.append('\''); break;
                    case '"': sb.append('"'); break;
                    case 'n': sb.append('\n'); break;
                    case 't': sb.append('\t'); break;
                    case 'r': sb.append('\r'); break;
                    default: throw error("invalid escape '\\" + e + "' in string literal", i);
                }
                i += 2;
                continue;
            }
            sb.append(c);
            i++;
        }
        return new Token(T.STR, start + offset, src.substring(start, i), TextNode.valueOf(sb.toString()), false);
    }

    private Token symbol(int start, char c) {
        int n = src.length();
        char next = i + 1 < n ? src.charAt(i + 1) : '\0';
        T type;
        int len = 1;
        switch (c) {
            case '(': type = T.LPAREN; break;
            case ')': type = T.RPAREN; break;
            case '[': type = T.LBRACK; break;
            case ']': type = T.RBRACK; break;
            case ',': type = T.COMMA; break;
            case '.': type = T.DOT; break;
            case '+': type = T.PLUS; break;
            case '-': type = T.MINUS; break;
            case '*': type = T.STAR; break;
            case '%': type = T.PERCENT; break;
            case '/':
                if (next == '/') { type = T.DSLASH; len = 2; } else { type = T.SLASH; }
                break;
            case '=':
                if (next == '=') { type = T.EQ; len = 2; break; }
                throw error("unexpected '=' (assignment is not supported; use '==' to compare)", start);
            case '!':
                if (next == '=') { type = T.NE; len = 2; } else { type = T.NOT; }
                break;
            case '<':
                if (next == '=') { type = T.LE; len = 2; } else { type = T.LT; }
                break;
            case '>':
                if (next == '=') { type = T.GE; len = 2; } else { type = T.GT; }
                break;
            case '&':
                if (next == '&') { type = T.AND; len = 2; break; }
                throw error("unexpected '&' (use 'and' or '&&')", start);
            case '|':
                if (next == '|') { type = T.OR; len = 2; break; }
                throw error("unexpected '|' (use 'or' or '||')", start);
            default:
                throw error("unexpected character " + describeChar(c), start);
        }
        i += len;
        return new Token(type, start + offset, src.substring(start, i), null, false);
    }

    private static String describeChar(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return "'" + c + "'";
        }
        return String.format("U+%04X", (int) c);
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c);
    }
}

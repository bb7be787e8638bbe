package io.webops.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.schibsted.spt.data.jslt.Function;
import com.schibsted.spt.data.jslt.JsltException;
import com.schibsted.spt.data.jslt.impl.NodeUtils;
import com.schibsted.spt.data.jslt.impl.RegexpFunction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * JSLT's regular-expression functions ({@code test}, {@code capture}, {@code split}, {@code replace}), as JSLT 0.1.14
 * defines them, registered in place of its built-ins. The difference: the matcher reads the text through
 * {@link TimedText}, which looks at the work's clock, so a pattern that backtracks for ever ({@code (.*a){15}b}) is
 * stopped at its node's timeout instead of keeping a core busy after the node has been given up on; and
 * {@code replace} checks the length of what it builds.
 */
final class JsltRegex {

    /** The functions, to register with JSLT's parser. */
    static final List<Function> FUNCTIONS = List.of(new Test(), new Capture(), new Split(), new Replace());

    private static final int CACHED_PATTERNS = 1000;
    private static final Map<String, Pattern> PATTERNS = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pattern> eldest) {
            return size() > CACHED_PATTERNS;
        }
    };
    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    private JsltRegex() {
    }

    private static Pattern pattern(String regexp) {
        synchronized (PATTERNS) {
            return PATTERNS.computeIfAbsent(regexp, r -> {
                try {
                    return Pattern.compile(r);
                } catch (PatternSyntaxException e) {
                    throw new JsltException("Syntax error in regular expression '" + r + "'", e);
                }
            });
        }
    }

    /** The text as the matcher should read it: timed inside a node's work, plain elsewhere. */
    private static CharSequence text(String s) {
        WorkLimits limits = WorkLimits.current();
        return limits == null ? s : new TimedText(s, limits);
    }

    /** Text whose every character read is one step of the work ({@link WorkLimits#tick}). */
    static final class TimedText implements CharSequence {

        private final String text;
        private final WorkLimits limits;

        TimedText(String text, WorkLimits limits) {
            this.text = text;
            this.limits = limits;
        }

        @Override
        public char charAt(int index) {
            limits.tick();
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** The shape all four share: a name, an argument count, the regular expression as second argument. */
    private abstract static class RegexFunction implements Function, RegexpFunction {

        private final String name;
        private final int arguments;

        RegexFunction(String name, int arguments) {
            this.name = name;
            this.arguments = arguments;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public int getMinArguments() {
            return arguments;
        }

        @Override
        public int getMaxArguments() {
            return arguments;
        }

        @Override
        public int regexpArgumentNumber() {
            return 1;
        }
    }

    /** {@code test(string, regexp)}: whether the regexp matches somewhere in the string. */
    static final class Test extends RegexFunction {
        Test() {
            super("test", 2);
        }

        @Override
        public JsonNode call(JsonNode input, JsonNode[] arguments) {
            if (arguments[0].isNull()) {
                return BooleanNode.FALSE;
            }
            String string = NodeUtils.toString(arguments[0], false);
            String regexp = NodeUtils.toString(arguments[1], true);
            if (regexp == null) {
                throw new JsltException("test() can't test null regexp");
            }
            return BooleanNode.valueOf(pattern(regexp).matcher(text(string)).find(0));
        }
    }

    /** {@code capture(string, regexp)}: the named groups of the first match, as an object. */
    static final class Capture extends RegexFunction {
        Capture() {
            super("capture", 2);
        }

        @Override
        public JsonNode call(JsonNode input, JsonNode[] arguments) {
            if (arguments[0].isNull()) {
                return arguments[0];
            }
            String string = NodeUtils.toString(arguments[0], false);
            String regexp = NodeUtils.toString(arguments[1], true);
            if (regexp == null) {
                throw new JsltException("capture() can't match against null regexp");
            }
            ObjectNode groups = NodeUtils.mapper.createObjectNode();
            Matcher m = pattern(regexp).matcher(text(string));
            if (m.find()) {
                for (String group : namedGroups(regexp)) {
                    groups.put(group, m.group(group));
                }
            }
            return groups;
        }

        private static Set<String> namedGroups(String regexp) {
            Set<String> names = new TreeSet<>();
            Matcher m = NAMED_GROUP.matcher(regexp);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }
    }

    /** {@code split(string, regexp)}: the parts between the matches (trailing empty parts dropped, as Java does). */
    static final class Split extends RegexFunction {
        Split() {
            super("split", 2);
        }

        @Override
        public JsonNode call(JsonNode input, JsonNode[] arguments) {
            if (arguments[0].isNull()) {
                return arguments[0];
            }
            String string = NodeUtils.toString(arguments[0], false);
            String split = NodeUtils.toString(arguments[1], true);
            if (split == null) {
                throw new JsltException("split() can't split on null");
            }
            return NodeUtils.toJson(pattern(split).split(text(string)));
        }
    }

    /** {@code replace(string, regexp, with)}: every match replaced. */
    static final class Replace extends RegexFunction {
        Replace() {
            super("replace", 3);
        }

        @Override
        public JsonNode call(JsonNode input, JsonNode[] arguments) {
            String string = NodeUtils.toString(arguments[0], true);
            if (string == null) {
                return NullNode.instance;
            }
            String regexp = NodeUtils.toString(arguments[1], false);
            String with = NodeUtils.toString(arguments[2], false);
            WorkLimits limits = WorkLimits.current();
            Matcher m = pattern(regexp).matcher(text(string));
            StringBuilder out = new StringBuilder();
            int pos = 0;
            while (m.find(pos)) {
                if (m.start() == m.end()) {
                    throw new JsltException("Regexp " + regexp + " in replace() matched empty string in '" + arguments[0] + "'");
                }
                out.append(string, pos, m.start()).append(with);
                pos = m.end();
                if (limits != null) {
                    limits.holds(out.length() + 2L);
                }
            }
            if (pos == 0 && arguments[0].isTextual()) {
                return arguments[0];
            }
            out.append(string, pos, string.length());
            if (limits != null) {
                limits.holds(out.length() + 2L);
                limits.built(out.length());
            }
            return new TextNode(out.toString());
        }
    }
}

package io.webops.transform;

import io.webops.expr.Condition;
import io.webops.expr.Expression;
import io.webops.expr.Vars;
import io.webops.model.ConditionSpec;
import java.util.List;

/**
 * Compiles conditions — of connections, {@code condition} and {@code filter} nodes — in one of two languages:
 * {@code webops}, the product's own expressions ({@link Expression}: {@code data.total > 10}), or {@code jsonata},
 * evaluated over the condition's {@code data} with {@code $nodes}, {@code $trigger}, {@code $execution} and
 * {@code $item} as variables ({@code total > 10}), true as JSONata's {@code $boolean} reads its value.
 */
public final class Conditions {

    /** The accepted languages, the default first. */
    public static final List<String> LANGUAGES = List.of(ConditionSpec.DEFAULT_LANGUAGE, "jsonata");

    private Conditions() {
    }

    public static Condition compile(ConditionSpec spec) {
        return compile(spec.language(), spec.expression());
    }

    /**
     * @param language null for the default
     * @throws io.webops.expr.ExpressionException or {@link TransformException} when the source does not parse,
     *         {@link TransformException} when the language is unknown
     */
    public static Condition compile(String language, String source) {
        if (language == null || ConditionSpec.DEFAULT_LANGUAGE.equals(language)) {
            return Expression.parse(source);
        }
        if (!"jsonata".equals(language)) {
            throw new TransformException("unknown condition language '" + language + "'; use one of "
                    + String.join(", ", LANGUAGES));
        }
        if (source == null || source.isBlank()) {
            throw new TransformException("JSONata: the condition is empty");
        }
        JsonataQuery query = JsonataQuery.compile(source);
        return new Condition() {
            @Override
            public boolean test(Vars vars) {
                return query.test(vars.lookup("data"), vars);
            }

            @Override
            public String source() {
                return query.source();
            }

            @Override
            public String toString() {
                return "jsonata:" + query.source();
            }
        };
    }
}

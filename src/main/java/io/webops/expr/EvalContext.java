package io.webops.expr;

/**
 * Per-evaluation state: the variables and the step budget. One instance per {@link Expression#evaluate}
 * or {@link Template#render} call; not thread-safe.
 */
final class EvalContext {

    /** Units of linear work (element visits, characters copied) that cost one step. */
    static final int WORK_UNITS_PER_STEP = 256;

    final Vars vars;
    private final long budget;
    private long steps;
    private long workUnits;

    EvalContext(Vars vars) {
        this(vars, Expression.MAX_STEPS);
    }

    EvalContext(Vars vars, long budget) {
        this.vars = vars == null ? Vars.empty() : vars;
        this.budget = budget;
    }

    /** One evaluation step (one AST node evaluated, one operator applied). */
    void step() {
        if (++steps > budget) {
            throw overBudget();
        }
    }

    /** Linear work proportional to {@code units} (copying, scanning, comparing elements). */
    void work(long units) {
        workUnits += units;
        if (workUnits >= WORK_UNITS_PER_STEP) {
            steps += workUnits / WORK_UNITS_PER_STEP;
            workUnits %= WORK_UNITS_PER_STEP;
            if (steps > budget) {
                throw overBudget();
            }
        }
    }

    long steps() {
        return steps;
    }

    long budget() {
        return budget;
    }

    private ExpressionException overBudget() {
        return new ExpressionException("evaluation exceeded the step budget of " + budget + " operations", -1);
    }
}

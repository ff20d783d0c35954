package dev.arca.plan;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * What a check's result must be, written in the plan as {@code "> 0"}, {@code "= ok"} or just a value
 * (meaning equality). Numbers compare numerically, anything else as text.
 */
public record Expectation(Operator operator, String operand) {

    /** The comparison; text operands allow only {@code =} and {@code !=}. */
    public enum Operator {
        EQ("="), NE("!="), GT(">"), GE(">="), LT("<"), LE("<=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /**
     * Reads an expectation; empty if it cannot be understood (an ordering operator with a
     * non-numeric operand, or nothing after the operator).
     */
    public static Optional<Expectation> parse(String text) {
        String t = text.strip();
        Operator op = Operator.EQ;
        for (String symbol : new String[] {">=", "<=", "!=", ">", "<", "="}) {
            if (t.startsWith(symbol)) {
                op = bySymbol(symbol);
                t = t.substring(symbol.length()).strip();
                break;
            }
        }
        if (t.isEmpty()) {
            return Optional.empty();
        }
        boolean ordering = op != Operator.EQ && op != Operator.NE;
        if (ordering && number(t).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Expectation(op, t));
    }

    private static Operator bySymbol(String symbol) {
        for (Operator o : Operator.values()) {
            if (o.symbol.equals(symbol)) {
                return o;
            }
        }
        throw new IllegalArgumentException(symbol);
    }

    /** Whether an actual value meets this expectation. */
    public boolean test(String actual) {
        Optional<BigDecimal> a = number(actual.strip());
        Optional<BigDecimal> b = number(operand);
        if (a.isPresent() && b.isPresent()) {
            int c = a.get().compareTo(b.get());
            return switch (operator) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                case LT -> c < 0;
                case LE -> c <= 0;
            };
        }
        return switch (operator) {
            case EQ -> actual.strip().equals(operand);
            case NE -> !actual.strip().equals(operand);
            default -> false;
        };
    }

    private static Optional<BigDecimal> number(String s) {
        try {
            return Optional.of(new BigDecimal(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return operator.symbol + " " + operand;
    }
}

package fr.caducee.server.check;

/**
 * One thing a configuration check found: a problem (the server would not start, or would refuse what it should take)
 * or a warning (it starts, but something needs the operator soon), where it was found (a file, the command line, a
 * certificate), the setting it concerns when there is one, and a sentence a person can act on.
 */
public record Finding(Severity severity, String where, String key, String sentence) {
    public enum Severity {
        PROBLEM, WARNING
    }

    public static Finding problem(String where, String key, String sentence) {
        return new Finding(Severity.PROBLEM, where, key, sentence);
    }

    public static Finding warning(String where, String key, String sentence) {
        return new Finding(Severity.WARNING, where, key, sentence);
    }

    /** {@code problem: <where>: <key>: <sentence>}, the key left out when there is none. */
    public String line() {
        return (severity == Severity.PROBLEM ? "problem: " : "warning: ") + where + ": "
            + (key == null || key.isEmpty() ? "" : key + ": ") + sentence;
    }

    @Override
    public String toString() {
        return line();
    }
}

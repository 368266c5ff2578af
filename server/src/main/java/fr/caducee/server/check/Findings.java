package fr.caducee.server.check;

import java.util.ArrayList;
import java.util.List;

import fr.caducee.server.settings.InvalidSetting;

/** What a configuration check found, in the order it was found. */
public final class Findings {
    private final List<Finding> all = new ArrayList<>();

    public void problem(String where, String key, String sentence) {
        all.add(Finding.problem(where, key, sentence));
    }

    public void warning(String where, String key, String sentence) {
        all.add(Finding.warning(where, key, sentence));
    }

    public void add(InvalidSetting invalid) {
        // "the command line (-Dcaducee.x)": the line names the key anyway.
        String where = invalid.where().startsWith("the command line (-D") ? "the command line" : invalid.where();
        problem(where, invalid.key(), invalid.sentence());
    }

    /**
     * A problem one of the server's own validating classes threw: a setting's problem keeps its parts; any other
     * exception is said by its message alone, under {@code where} (never a stack trace).
     */
    public void add(String where, RuntimeException thrown) {
        if (thrown instanceof InvalidSetting invalid) {
            add(invalid);
        } else {
            problem(where, "", thrown.getMessage() == null ? thrown.getClass().getSimpleName() : thrown.getMessage());
        }
    }

    public List<Finding> all() {
        return List.copyOf(all);
    }

    public List<Finding> problems() {
        return all.stream().filter(finding -> finding.severity() == Finding.Severity.PROBLEM).toList();
    }

    public List<Finding> warnings() {
        return all.stream().filter(finding -> finding.severity() == Finding.Severity.WARNING).toList();
    }

    public boolean hasProblems() {
        return !problems().isEmpty();
    }

    /** Problems first, then warnings, one line each. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        problems().forEach(finding -> lines.add(finding.line()));
        warnings().forEach(finding -> lines.add(finding.line()));
        return lines;
    }

    /** {@code 2 problems, 1 warning: the server would not start} */
    public String summary() {
        int problems = problems().size();
        int warnings = warnings().size();
        return problems + (problems == 1 ? " problem, " : " problems, ") + warnings
            + (warnings == 1 ? " warning" : " warnings")
            + (problems == 0 ? ": the server would start with this configuration" : ": the server would not start");
    }
}

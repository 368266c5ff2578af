package fr.caducee.server.migration;

import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/** The comparison printed at the end of a migration: each line says both counts, and MISMATCH where they differ. */
final class Verification {
    private final PrintStream out;
    private int mismatches;
    private boolean tableHeader;

    Verification(PrintStream out) {
        this.out = out;
    }

    /** {@code target} is -1 when PostgreSQL has no such table. */
    void table(String what, long source, long target) {
        if (!tableHeader) {
            out.printf("%-34s %12s %12s%n", "Counts", "Derby", "PostgreSQL");
            tableHeader = true;
        }
        boolean same = source == target;
        out.printf("%-34s %12d %12s%s%n", what, source, target < 0 ? "no table" : Long.toString(target),
            same ? "" : "  MISMATCH");
        count(same);
    }

    void mailbox(String path, MailboxFigures source, MailboxFigures target) {
        boolean same = Objects.equals(source, target);
        out.printf("  %s: %s%n", path, source.describe());
        if (!same) {
            out.printf("  %s  MISMATCH in PostgreSQL: %s%n", " ".repeat(path.length()),
                target == null ? "no such mailbox" : target.describe());
        }
        count(same);
    }

    /** Usage is recomputed, not copied: James's figure is shown, and a difference is reported, not refused. */
    void quotaUsage(Map<String, long[]> recorded, Map<String, long[]> recomputed) {
        out.println("Quota usage (recomputed from the messages copied):");
        recomputed.forEach((root, usage) -> {
            long[] before = recorded.get(root);
            String note = before == null ? "  (none recorded in Derby)"
                : before[0] == usage[0] && before[1] == usage[1] ? ""
                : String.format("  (Derby recorded %d message(s), %d bytes: corrected)", before[0], before[1]);
            out.printf("  %-60s %d message(s), %d bytes%s%n", root, usage[0], usage[1], note);
        });
    }

    int mismatches() {
        return mismatches;
    }

    private void count(boolean same) {
        if (!same) {
            mismatches++;
        }
    }
}

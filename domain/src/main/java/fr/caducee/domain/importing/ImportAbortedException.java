package fr.caducee.domain.importing;

import java.util.Objects;

/**
 * The import stopped part way, usually because the directory became unavailable. The lines applied before stay
 * applied, the line being written was undone as far as the directory allowed, and the message says how many lines
 * were applied. Rerunning the same import is safe: it is idempotent, so it only writes what is still missing.
 */
public class ImportAbortedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ImportReport report;

    public ImportAbortedException(String message, ImportReport report, Throwable cause) {
        super(message, cause);
        this.report = Objects.requireNonNull(report, "report");
    }

    /** The import stopped after {@code what} happened part way through the application phase. */
    static ImportAbortedException stopped(String what, ImportReport partial, long valid, String unit,
                                          Throwable cause) {
        return new ImportAbortedException(what + "; the import stopped after applying " + partial.applied() + " of "
                + valid + " valid " + unit + ". Running it again is safe: " + unit + " already applied are left"
                + " unchanged and the rest is completed.", partial, cause);
    }

    /** What had been done when the import stopped. */
    public ImportReport report() {
        return report;
    }
}
